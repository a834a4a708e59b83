# minipy: min-stage=cycles
# An instance's __dict__ is a dict object of its own once asked for (3.11
# materializes it from the values array): writes through it are attribute
# writes, vars() returns the same object, the collector sees it.
import gc, sys
class A:
    def __init__(self, **kw):
        self.__dict__.update(kw)
a = A(x=1, y=2)
print(a.x, a.y, a.__dict__, vars(a) is a.__dict__)
a.z = 3
print(a.__dict__, sorted(dir(a))[-3:])
a.__dict__["w"] = 4
print(a.w, hasattr(a, "w"))
del a.x
print(a.__dict__, "x" in a.__dict__)
d = a.__dict__
del a
print(d)
b = A()
b.me = b
print(gc.get_referents(b)[0] is b.__dict__, type(gc.get_referents(b)[0]).__name__)
del b
print(gc.collect())
class S:
    __slots__ = ("v",)
try:
    S().__dict__
except AttributeError as e:
    print(e)
c = A(k=[1])
print(gc.is_tracked(c.__dict__), sys.getrefcount(c.__dict__))
f = A(a=1)
f.__dict__ = {"b": 2}
print(f.b, hasattr(f, "a"), f.__dict__)
try:
    f.__dict__ = 5
except TypeError as e:
    print(e)
