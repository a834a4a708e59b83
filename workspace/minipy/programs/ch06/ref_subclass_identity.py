# An instance of a subclass of weakref.ref compares, hashes and prints as the
# weak reference it is, and has its __callback__; functools.update_wrapper
# and wraps copy a function's name and docstring.
import weakref
class K: pass
class R(weakref.ref):
    def __new__(cls, ob, callback=None, tag=None):
        return super().__new__(cls, ob, callback)
    def __init__(self, ob, callback=None, tag=None):
        super().__init__(ob, callback)
        self.tag = tag
k = K()
r = R(k, None, "t")
r2 = R(k)
print(r() is k, r.tag, r == r2, r is r2, hash(r) == hash(k), r.__callback__)
print(repr(r).split(" at ")[0], type(r).__name__, isinstance(r, weakref.ref))
def cb(w): print("cb", type(w).__name__, w.tag)
r3 = R(k, cb, "three")
print(r3.__callback__ is cb, weakref.getweakrefcount(k))
del k
print(r() is None, r == r2)
import functools
def deco(f):
    def wrapper(*a):
        return f(*a)
    return functools.update_wrapper(wrapper, f)
@deco
def named(x):
    "doc"
    return x
print(named.__name__, named.__doc__, named.__wrapped__.__name__, named(3))
def deco(f):
    @functools.wraps(f)
    def wrapper(*a):
        "wrapper doc"
        return f(*a)
    return wrapper
@deco
def named(x):
    "doc"
    return x
@deco
def nodoc(x):
    return x
print(named.__doc__, nodoc.__doc__)
