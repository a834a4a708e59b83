# minipy: min-stage=finalizers
# What CPython 3.11 prints for an exception nobody can catch: the object
# it happened in, by its repr, then the traceback; an empty message still
# gets its ": ".
import weakref


class A:
    def __del__(self):
        raise Exception()


a = A()
del a


class CB:
    def __call__(self, r):
        raise ValueError("from a callable instance")

    def __repr__(self):
        return "<CB instance>"


class O:
    pass


o = O()
w = weakref.ref(o, CB())
print(w.__callback__)
del o
print(w.__callback__)


def quiet(r):
    raise KeyError()


o = O()
w = weakref.ref(o, quiet)
print(w.__callback__ is quiet, weakref.ref(o).__callback__)
del o
print(w.__callback__)
print("end")
