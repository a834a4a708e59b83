# minipy: min-stage=generations
# Views, slices, bound methods, super objects, named tuples, partials and
# tracebacks can each close a cycle. The collector clears each of them
# once, and counts what CPython keeps in objects of their own (a partial's
# arguments tuple and keywords dict).
import collections
import functools
import gc

gc.collect()
d = {}
d["values"] = d.values()
del d
print("a dict and its values view:", gc.collect())

d = {}
d["items"] = d.items()
d["keys"] = d.keys()
del d
print("a dict and two views:", gc.collect())


class A:
    def method(self):
        pass


a = A()
a.keys = a.__dict__.keys()
del a
print("an instance and a view of its __dict__:", gc.collect())

held = []
held.append(slice(held))
del held
print("a list and a slice of it:", gc.collect())

a = A()
a.bound = a.method
del a
print("an instance and its bound method:", gc.collect())


class B:
    def __init__(self):
        self.s = super()


b = B()
del b
print("an instance and its super():", gc.collect())

P = collections.namedtuple("P", "a")
p = P([])
p.a.append(p)
del p
print("a named tuple and its list:", gc.collect())


def g(*args, **kwargs):
    pass


held = []
held.append(functools.partial(g, held))
del held
print("a partial holding its list:", gc.collect())
held = []
held.append(functools.partial(g, sep=held))
del held
print("by keyword:", gc.collect())
held = []
held.append(functools.partial(g, 1, 2, held, x=held))
del held
print("both:", gc.collect())
held = []
held.append(functools.partial(g, 1, x=2))
held.append(held)
del held
print("atoms only:", gc.collect())


def fails():
    try:
        1 / 0
    except ZeroDivisionError as error:
        caught = error
    return caught is not None


fails()
print("an exception, its traceback and the frame:", gc.collect())
