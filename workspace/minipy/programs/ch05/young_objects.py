# minipy: min-stage=generations
# What generation 0 holds right after a collection and a few statements:
# only what the program made. A built-in method called for the first time
# (CPython's method descriptors are made at start-up) is not among them.
import gc

gc.collect()
l = []
l.append(1)
d = {}
d.setdefault("k", []).append(2)
print([type(o).__name__ for o in gc.get_objects(0)])


def f():
    return [x for x in range(3)]


g = f()
print([type(o).__name__ for o in gc.get_objects(0)])
gc.collect(0)
print([type(o).__name__ for o in gc.get_objects(0)], len(gc.get_objects(1)) >= 5)
