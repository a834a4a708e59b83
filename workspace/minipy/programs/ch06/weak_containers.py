# minipy: min-stage=finalizers
# The weak containers: WeakValueDictionary (a weak cache), WeakKeyDictionary,
# WeakSet and weakref.finalize, each losing an entry when its object dies.
import weakref, gc
class Obj:
    def __init__(self, n): self.n = n
    def __repr__(self): return f"Obj({self.n})"
cache = weakref.WeakValueDictionary()
a = Obj(1); b = Obj(2)
cache["a"] = a
cache["b"] = b
print(len(cache), sorted(cache.keys()), cache["a"], "a" in cache)
del a
print(len(cache), list(cache), "a" in cache, cache.get("a"), cache.get("b"))
try:
    cache["a"]
except KeyError as e:
    print("KeyError", e)
c = Obj(3); c.me = c
cache["c"] = c
del c
print("before collect", len(cache))
gc.collect()
print("after collect", len(cache), list(cache.items()), sorted(cache.keys()), list(cache.values()))
print(repr(cache).startswith("<WeakValueDictionary at 0x"))
wk = weakref.WeakKeyDictionary()
k1 = Obj(10)
wk[k1] = "ten"
print(wk[k1], len(wk), k1 in wk)
del k1
print(len(wk), list(wk))
ws = weakref.WeakSet()
s1 = Obj(20); s2 = Obj(21)
ws.add(s1); ws.add(s2); ws.add(s1)
print(len(ws), s1 in ws)
del s1
print(len(ws), [o.n for o in ws])
def cleanup(name, tag=""):
    print("cleanup", name, tag)
    return 42
o = Obj(30)
f = weakref.finalize(o, cleanup, "o", tag="!")
print(f.alive)
del o
print(f.alive)
p = Obj(31)
g = weakref.finalize(p, cleanup, "p")
print(g(), g.alive, g())
