# minipy: min-stage=cycles
# gc.collect() returns how many unreachable objects it found, counting
# CPython's objects: a class brings its dict, its __bases__ tuple, its
# __mro__ tuple and its two descriptors.
import gc

gc.collect()


class K:
    pass


del K
print("a class:", gc.collect())


class K:
    pass


gc.collect()  # K survives, and its (object,) bases tuple is untracked
del K
print("a class that survived a collection:", gc.collect())


class Base:
    pass


class Derived(Base):
    pass


del Base, Derived
print("a base and a subclass:", gc.collect())


def f():
    pass


f.me = f
del f
print("a function in its own __dict__:", gc.collect())

l = []
l.append(l)
del l
print("a list holding itself:", gc.collect())

d = {}
d["self"] = d
del d
print("a dict holding itself:", gc.collect())


class Node:
    pass


n = Node()
n.me = n
del n
print("an instance holding itself:", gc.collect())

ring = [[] for _ in range(10)]
for i, item in enumerate(ring):
    item.append(ring[(i + 1) % 10])
del ring, item
print("a ring of ten lists:", gc.collect())

x = []
y = (x,)
x.append(y)
del x, y
print("a list and a tuple:", gc.collect())
