# minipy: min-stage=finalizers
# Weak references: they do not keep their object alive, answer None once it
# is gone, and call their callbacks, newest first, when it dies.
import gc
import weakref


class Node:
    def __init__(self, name):
        self.name = name


n = Node("n")
shared = weakref.ref(n)
first = weakref.ref(n, lambda ref: print("first callback, referent:", ref()))
second = weakref.ref(n, lambda ref: print("second callback, is second:", ref is second))
print(shared is weakref.ref(n), shared() is n, weakref.getweakrefcount(n))
print(type(shared).__name__, weakref.ref is weakref.ReferenceType)
del n
print("after del:", shared(), first())

for value in ([], 1, "text", (1, 2)):
    try:
        weakref.ref(value)
    except TypeError as err:
        print("TypeError:", err)


# An object with __del__: __del__ runs first, then the callbacks.
class Noisy:
    def __del__(self):
        print("__del__")


noisy = Noisy()
watch = weakref.ref(noisy, lambda ref: print("callback after __del__"))
del noisy

# A resurrected object keeps its weak references.
saved = []


class Phoenix:
    def __del__(self):
        saved.append(self)


p = Phoenix()
wp = weakref.ref(p, lambda ref: print("never: p came back"))
del p
print("resurrected:", wp() is saved[0])


# A failing callback is reported and ignored.
def failing(ref):
    raise ValueError("in a callback")


doomed = Node("doomed")
wd = weakref.ref(doomed, failing)
del doomed
print("still running")

# In the collector: weak references to garbage are cleared before any
# __del__ runs; a callback runs only for a weak reference outside it.
a, b = Node("a"), Node("b")
a.b, b.a = b, a
outside = weakref.ref(a, lambda ref: print("outside callback"))
a.inside = weakref.ref(b, lambda ref: print("never: inside the garbage"))
del a, b
print("found:", gc.collect(), outside())
print(repr(outside).endswith("; dead>"))
