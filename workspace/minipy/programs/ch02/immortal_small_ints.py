# Small ints are shared; big results are new objects.
a = 100
b = 50 + 50
print(a is b)
c = 10 ** 6
d = 10 ** 6
print(c == d)
print(None is None)
