# The second example of chapter 3: `del a` drops the only reference, and the
# list is freed on that line.
a = []
del a
print("after del a")
