# minipy: min-stage=finalizers
# WeakSet's set operations and the mapping operations of the weak
# dictionaries, on weak references that compare as their objects do.
import weakref, gc
class O:
    def __init__(self, n): self.n = n
    def __repr__(self): return f"O{self.n}"
a, b, c = O(1), O(2), O(3)
s1 = weakref.WeakSet([a, b]); s2 = weakref.WeakSet([b, c])
key = lambda s: sorted(x.n for x in s)
print(key(s1 | s2), key(s1 & s2), key(s1 - s2), key(s1 ^ s2))
print(s1 <= s2, s1 >= weakref.WeakSet([a]), s1 < weakref.WeakSet([a, b, c]), s1 == weakref.WeakSet([b, a]), s1 != s2)
print(s1.issubset([a, b, c]), s1.issuperset([a]), s1.isdisjoint([c]))
s3 = s1.copy(); s3 -= s2; print(key(s3)); s3 |= s2; print(key(s3)); s3 &= s1; print(key(s3)); s3 ^= s2; print(key(s3))
s3.difference_update([a]); print(key(s3)); s3.intersection_update([c]); print(key(s3))
u = s1.union([c]); del c; gc.collect(); print(key(u), len(u))
d = weakref.WeakValueDictionary({"a": a})
d.update({"b": b}, z=a); print(sorted(d.keys()), len(d.valuerefs()), sorted(k for k, v in d.items()))
print(sorted((d | {"q": b}).keys()), sorted(({"q": b} | d).keys()))
d |= {"r": a}; print(sorted(d))
print(d.popitem()[0] in "abzr"); d.clear(); print(len(d))
k = weakref.WeakKeyDictionary({a: 1}); print(len(k | {b: 2}), len({b: 2} | k)); k |= {b: 3}; print(len(k)); k.clear(); print(len(k))
try:
    hash(s1)
except TypeError as e:
    print(e)
