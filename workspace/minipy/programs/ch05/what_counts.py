# minipy: min-stage=generations
# What moves gc.get_count()[0] on CPython 3.11: a new container counts,
# unless it comes from a free list (a full collection empties them, so
# right after gc.collect() the first tuple counts and the second does not);
# print builds a tuple of its arguments, makes its keyword names once, and
# printing a list, tuple, dict or set the first time makes the state that
# protects repr from cycles.
import gc
import sys
counts = []
record = lambda: counts.append(gc.get_count()[0])
gc.collect()
record(); record()
print("a"); record()
print("a"); record()
print("a", "b"); record()
print(1); record()
print((1, 2)); record()
print((1, 2)); record()
print([1]); record()
print([1]); record()
print({1: 2}); record()
sys.stdout.write("x\n"); record()
print(counts)
gc.collect()
print(gc.get_count())
a = []
b = [a]
print(gc.get_count())
del a, b
print(gc.get_count())
