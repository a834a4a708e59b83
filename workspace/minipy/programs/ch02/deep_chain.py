# A chain a million lists deep, freed by one `del`. A recursive free would
# need a million nested calls; CPython's trashcan (and minipy's explicit
# stack) frees it without overflowing the C stack.
class Bottom:
    def __del__(self):
        print("  freed the bottom of the chain")


x = Bottom()
for i in range(1_000_000):
    x = [x]
print("built a chain of 1000000 lists")
print("del x")
del x
print("end")
