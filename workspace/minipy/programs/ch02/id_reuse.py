# A freed object's memory goes to the next object of its size, so a new object
# can get the id() that an object freed earlier had. Two objects alive at the
# same time never share one.
class Point:
    pass


p = Point()
first = id(p)
del p
q = Point()
print("a new Point got the freed Point's id:", id(q) == first)

a = [1, 2, 3]
first = id(a)
del a
b = [4, 5]
print("a new list got the freed list's id:", id(b) == first)

print("the live Point and list share an id:", id(q) == id(b))
