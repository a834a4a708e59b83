# minipy: min-stage=finalizers
# A weak reference hashes as its referent and compares equal to another
# whose referent is equal, so WeakKeyDictionary and WeakSet, keyed by weak
# references, treat equal objects as one key, as a dict does: the first key
# stays, and the entry goes when that key dies, even if an equal one lives.
import weakref
class Point:
    def __init__(self, x): self.x = x
    def __eq__(self, other): return isinstance(other, Point) and self.x == other.x
    def __hash__(self): return hash(self.x)
    def __repr__(self): return f"Point({self.x})"
a, b = Point(1), Point(1)
ra, rb = weakref.ref(a), weakref.ref(b)
print(ra == rb, ra is rb, hash(ra) == hash(a), {ra: "found"}.get(rb))
seen = weakref.WeakKeyDictionary()
seen[a] = "first"
seen[b] = "second"
print(len(seen), seen[b], list(seen.items()))
members = weakref.WeakSet([a, b])
print(len(members), Point(1) in members, Point(2) in members)
del a
print(len(seen), len(members), b in seen)
dead = weakref.ref(Point(3))
try:
    hash(dead)
except TypeError as error:
    print("TypeError:", error)
kept = Point(4)
live = weakref.ref(kept)
h = hash(live)
del kept
print(live() is None, hash(live) == h, live == live, live != weakref.ref(b))
