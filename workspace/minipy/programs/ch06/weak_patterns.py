# minipy: min-stage=finalizers
# Weak caches, observers and weak methods: a WeakValueDictionary loads on a
# miss, a WeakSet forgets an observer that died, a WeakMethod dies with its
# object, and its callback runs once.
import gc, weakref, sys
class Image:
    def __init__(self, name): self.name = name
    def __repr__(self): return f"Image({self.name!r})"
class Cache:
    def __init__(self):
        self._data = weakref.WeakValueDictionary()
    def get(self, name):
        img = self._data.get(name)
        if img is None:
            img = Image(name)
            self._data[name] = img
            print("load", name)
        return img
c = Cache()
a = c.get("a")
b = c.get("a")
print(a is b, len(c._data))
del a, b
print(len(c._data), list(c._data.keys()))
class Observer:
    def __init__(self, name): self.name = name
    def notify(self, msg): print(self.name, "got", msg)
class Subject:
    def __init__(self): self._obs = weakref.WeakSet()
    def attach(self, o): self._obs.add(o)
    def emit(self, msg):
        for o in sorted(self._obs, key=lambda o: o.name):
            o.notify(msg)
s = Subject()
o1, o2 = Observer("one"), Observer("two")
s.attach(o1); s.attach(o2)
s.emit("hello")
del o2
s.emit("again")
m = weakref.WeakMethod(o1.notify)
m()("via weakmethod")
del o1
print(m())
gc.collect()
print(gc.get_referents([1, "a", None]), sorted(map(type, gc.get_referents({"k": [1]})), key=str))
class A:
    def f(self): return "f"
a = A()
w = weakref.WeakMethod(a.f, lambda r: print("method died"))
w2 = weakref.WeakMethod(a.f)
print(w()(), w == w2, type(w).__name__)
try:
    weakref.WeakMethod(len)
except TypeError as e:
    print(e)
del a
print(w(), w2())
