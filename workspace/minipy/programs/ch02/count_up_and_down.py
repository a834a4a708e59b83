# One list's count, line by line: a name adds one, `del` takes one away, and
# the list is freed on the line that drops the last reference.
a = [1, 2, 3]
b = a
del a
del b
print("all done")
