# minipy: min-stage=cycles
# The smallest leak reference counting cannot fix: two lists that refer to
# each other. `del` drops the names; the collector finds the pair.
import gc

a = []
b = [a]
a.append(b)
print(gc.is_tracked(a), gc.is_tracked(b))
del a, b
print("found:", gc.collect())
print("found again:", gc.collect())
