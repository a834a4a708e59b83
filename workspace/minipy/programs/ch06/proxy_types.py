# minipy: min-stage=finalizers
# weakref.proxy: its types, the one shared proxy, how getweakrefs and
# getweakrefcount see proxies, and what a callback receives.
import weakref, gc
class O:
    def m(self): return 1
o = O()
p = weakref.proxy(o)
print(type(p).__name__, type(p), type(p).__module__)
print(repr(p)[:10], p is weakref.proxy(o))
# It passes for the object: its __class__ is the referent's.
print(p.__class__.__name__, isinstance(p, O), isinstance(p, weakref.ProxyType))
r = weakref.ref(o)
print(weakref.getweakrefcount(o), [type(x).__name__ for x in weakref.getweakrefs(o)])
f = weakref.proxy(O.m)
print(type(f).__name__, callable(f), callable(p), f(o))
try:
    hash(p)
except TypeError as e:
    print(e)
def cb(x):
    print("cb got proxy:", type(x).__name__, x is p2)
p2 = weakref.proxy(o, cb)
print(weakref.getweakrefcount(o), [type(x).__name__ for x in weakref.getweakrefs(o)])
print(weakref.ProxyTypes, weakref.CallableProxyType)
try:
    weakref.ProxyType(o)
except TypeError as e:
    print(e)
del o
try:
    p.m
except ReferenceError as e:
    print("ReferenceError:", e)
print(repr(p).startswith("<weakproxy at 0x"), " to NoneType at 0x" in repr(p))
q = weakref.proxy(O)
print(repr(q).startswith("<weakproxy at 0x"), " to type at 0x" in repr(q))
class C: pass
c = C(); c.me = weakref.proxy(c); del c
print(gc.collect())
