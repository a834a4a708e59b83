# The first example of chapter 3: `del a` removes the name, and the list lives
# on because `b` still refers to it.
a = [1, 2, 3]
b = a
del a
print(b)
