# Two names, one object: assignment binds a name to an object; it never copies.
a = [1, 2, 3]
b = a
print(a is b)

b.append(4)
print(a)

c = [1, 2, 3, 4]
print(a == c)
print(a is c)
print(id(a) == id(b), id(a) == id(c))
