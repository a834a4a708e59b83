# minipy: min-stage=finalizers
# At exit CPython 3.11 first runs the atexit functions, then says it is
# finalizing (sys.is_finalizing()), collects once with the modules still
# whole, then tears the modules down: a __del__ that fails then gets a
# traceback without source lines, as io can no longer be imported.
# Also: __weakref__ is the head of an object's list of weak references.
import atexit
import sys
import weakref


class Node:
    pass


n = Node()
print(n.__weakref__)
r = weakref.ref(n)
print(n.__weakref__ is r, callable(r), Node.__weakref__.__name__)
print("finalizing now?", sys.is_finalizing())


class Cyclic:
    def __del__(self):
        print("cyclic: finalizing?", sys.is_finalizing())


class Loud:
    def __del__(self):
        print("loud: finalizing?", sys.is_finalizing())
        raise ValueError("at exit")


c = Cyclic()
c.me = c
del c
keep = Loud()
atexit.register(lambda: print("atexit: finalizing?", sys.is_finalizing()))
print("end")
