# in on an object that is its own iterator, NotImplemented from an ordering,
# and objects with keys() and __getitem__ as mappings for dict(), update, **.
class C:
    def __init__(s): s.n = 3
    def __iter__(s): return s
    def __next__(s):
        if s.n == 0: raise StopIteration
        s.n -= 1; return s.n
print(2 in C(), 7 in C())
class V:
    def __lt__(s, o):
        if not isinstance(o, V): return NotImplemented
        return True
try:
    print(V() < 10)
except TypeError as e:
    print(e)
print(V() < V())
class Mp:
    def keys(self): return ["a", "b"]
    def __getitem__(self, k): return k.upper()
print(dict(Mp()), {**Mp()})
d = {}; d.update(Mp()); print(d)
def f(**kw): return kw
print(f(**Mp()))
import weakref
class W: pass
w1, w2 = W(), W()
wv = weakref.WeakValueDictionary({"x": w1, "y": w2})
print(sorted(dict(wv)), len({**wv}))
wk = weakref.WeakKeyDictionary({w1: 1})
print(list(dict(wk).values()))
class Bad:
    def keys(self): return [1]
    def __getitem__(self, k): raise KeyError(k)
try:
    dict(Bad())
except KeyError as e:
    print("KeyError", e)
try:
    f(**[1])
except TypeError as e:
    print(e)
try:
    {**[1]}
except TypeError as e:
    print(e)
