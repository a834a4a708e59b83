# copy.copy and copy.deepcopy: shared references, cycles, instances rebuilt
# without __init__, __slots__, __copy__/__deepcopy__, and what cannot be copied.
import copy
a = [1, [2, 3], {"k": [4]}]
b = copy.copy(a); c = copy.deepcopy(a)
print(b == a, b is a, b[1] is a[1], c[1] is a[1], c == a, c[2]["k"] is a[2]["k"])
l = [1]; x = [l, l]; y = copy.deepcopy(x); print(y[0] is y[1], y[0] is l)
s = []; s.append(s); t = copy.deepcopy(s); print(t[0] is t, t is s)
tup = (1, "a", None); print(copy.deepcopy(tup) is tup, copy.copy(tup) is tup)
tup2 = (1, [2]); d2 = copy.deepcopy(tup2); print(d2 is tup2, d2, d2[1] is tup2[1])
print(copy.copy({1, 2}), copy.deepcopy(frozenset([3])), copy.copy(b"ab"), copy.deepcopy(bytearray(b"x")))
class P:
    def __init__(self, x):
        print("init called"); self.x = x; self.items = [x]
    def __repr__(self): return f"P({self.x}, {self.items})"
p = P(1)
q = copy.copy(p); r = copy.deepcopy(p)
print(q, r, q.items is p.items, r.items is p.items, type(r).__name__)
class S:
    __slots__ = ("a", "b")
s1 = S(); s1.a = [1]
s2 = copy.copy(s1); s3 = copy.deepcopy(s1)
print(s2.a is s1.a, s3.a == s1.a, s3.a is s1.a, hasattr(s3, "b"))
class C:
    def __copy__(self): print("__copy__"); return "copied"
    def __deepcopy__(self, memo): print("__deepcopy__", type(memo).__name__); return "deep"
print(copy.copy(C()), copy.deepcopy(C()))
def f(): pass
print(copy.copy(f) is f, copy.deepcopy(f) is f, copy.deepcopy(P) is P, copy.copy(int) is int)
def g(): yield 1
for fn in (copy.copy, copy.deepcopy):
    try: fn(g())
    except TypeError as e: print(type(e).__name__, e)
memo = {}; copy.deepcopy([l, l], memo); print(len(memo))
class Node:
    def __init__(self): self.other = None
n1 = Node(); n2 = Node(); n1.other = n2; n2.other = n1
m1 = copy.deepcopy(n1); print(m1.other.other is m1, m1 is n1)
print(copy.Error.__name__, issubclass(copy.Error, Exception), copy.error is copy.Error)
class G:
    def __init__(self): self.v = 1
    def __getstate__(self): print("getstate"); return {"v": 99}
    def __setstate__(self, st): print("setstate", st); self.__dict__.update(st)
print(copy.deepcopy(G()).v, copy.copy(G()).v)
e = ValueError("bad", [1]); e2 = copy.deepcopy(e); print(e2.args, e2.args[1] is e.args[1], type(e2).__name__)
d = {"a": [1]}; d["self"] = d; dd = copy.deepcopy(d); print(dd["self"] is dd, dd["a"] is d["a"])
class Holder:
    def m(self): return self
h = Holder(); bm = copy.deepcopy(h.m); print(bm() is h, copy.copy(h.m)() is h)
x = copy.deepcopy([1, 2], memo=None); print(x)
try: copy.copy()
except TypeError as e: print(e)
import collections
for x in [collections.deque([1, [2]], maxlen=5), collections.defaultdict(list, a=[1]),
          collections.OrderedDict(a=[1]), collections.Counter("aab")]:
    y, z = copy.copy(x), copy.deepcopy(x)
    print(type(y).__name__, y, type(z).__name__, z)
    print(list(y)[-1] is list(x)[-1], list(z)[-1] is list(x)[-1])
dd = collections.defaultdict(list); dd["k"].append(dd)
ee = copy.deepcopy(dd); print(ee["k"][0] is ee, ee.default_factory is list)
import sys
try: copy.deepcopy(sys)
except TypeError as e: print(type(e).__name__, e)
r = range(3); print(copy.copy(r) is r, copy.deepcopy(None), copy.deepcopy(2**100) == 2**100)
