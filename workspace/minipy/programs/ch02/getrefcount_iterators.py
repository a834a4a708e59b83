# minipy: min-stage=refcount
# Iterators hold references too: enumerate, zip and a dict's items()
# iterator keep their last result tuple for reuse (CPython 3.11), so the
# current item has one more reference inside the loop; a `with` block's
# manager has one more while __enter__ runs; partial.args is a new tuple.
import sys
import functools


class Item:
    pass


o = Item()
items = [o]
print("plain loop:", [sys.getrefcount(v) for v in items])
for i, v in enumerate(items):
    print("enumerate:", sys.getrefcount(o))
for a, b in zip(items, items):
    print("zip:", sys.getrefcount(o))
for k, v in {"k": o}.items():
    print("items():", sys.getrefcount(o))
del a, b, k, v
print("after the loops:", sys.getrefcount(o))
walker = enumerate(items)
first = next(walker)
print("held by the pair and the iterator's copy:", sys.getrefcount(o))
del first
print("only the iterator's pair:", sys.getrefcount(o))
del walker
print("iterator gone:", sys.getrefcount(o))
pairs = list(enumerate("ab"))
print(pairs, pairs[0] is pairs[1])


class Manager:
    def __enter__(self):
        print("in __enter__:", sys.getrefcount(self))
        return self

    def __exit__(self, *exc):
        print("in __exit__:", sys.getrefcount(self))


with Manager():
    pass
with Manager() as m:
    print("in the body:", sys.getrefcount(m))
p = functools.partial(print, o)
counts = [sys.getrefcount(o)]
for _ in range(3):
    p.args
    counts.append(sys.getrefcount(o))
del p
counts.append(sys.getrefcount(o))
print("partial:", counts)
