# minipy: min-stage=cycles
# What gc.collect() counts when lazy iterators sit in a cycle: zip and map
# keep their iterators in a tuple, and zip and enumerate a result tuple,
# each an object the collector finds (CPython 3.11).
import gc


class Pairer:
    def __init__(self, xs, ys):
        self.pairs = zip(xs, ys)
        self.owner = self


gc.collect()
p = Pairer([1, 2], [3, 4])
print(next(p.pairs))
del p
print("instance, dict, zip, its two tuples, two iterators, two lists:", gc.collect())
m = [map(str, [1, 2])]
m.append(m)
del m
print("list, map, its tuple, iterator, list:", gc.collect())
e = [enumerate("ab")]
e.append(e)
del e
print("list, enumerate, its result tuple, iterator:", gc.collect())
z = zip([1], [2])
print([type(r).__name__ for r in gc.get_referents(z)])
print([type(r).__name__ for r in gc.get_referents(map(str, []))])
print([type(r).__name__ for r in gc.get_referents(enumerate([]))])
