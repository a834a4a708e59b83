# object() is not a container: CPython's collector neither tracks nor counts
# it, it takes no attributes and no weak references, and it is 16 bytes.
import gc, sys, weakref
o = object()
print(gc.is_tracked(o), type(o), type(o).__name__, sys.getsizeof(o), isinstance(o, object), o == o, o != object(), hash(o) == hash(o))
print(repr(o)[:18], str(o)[:18], o.__class__ is object, bool(o))
try:
    o.x = 1
except AttributeError as e:
    print(e)
try:
    weakref.ref(o)
except TypeError as e:
    print(e)
s = {o, object()}
print(len(s), o in s, {o: 1}[o])
sentinel = object()
print(sentinel is sentinel, [sentinel].index(sentinel))
