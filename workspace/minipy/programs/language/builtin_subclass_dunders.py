# A subclass of a built-in calls the built-in's own methods by name:
# `dict.__setitem__(self, ...)`, `list.__getitem__(self, i)`,
# `super().__len__()`, and a generator's `__next__` as a bound method.
# minipy: min-stage=cycles
import gc


class Recording(dict):
    def __setitem__(self, key, value):
        print("set", key)
        dict.__setitem__(self, key, value)

    def __delitem__(self, key):
        print("del", key)
        dict.__delitem__(self, key)


d = Recording()
d["a"] = 1
d["self"] = d
del d["a"]
print(list(d), dict.__len__(d), dict.__contains__(d, "self"))
del d
print("collected", gc.collect())


class Doubled(list):
    def __getitem__(self, i):
        return list.__getitem__(self, i) * 2

    def __len__(self):
        return super().__len__() + 100


t = Doubled([1, 2, 3])
print(t[0], len(t), t[-1], list.__len__(t), list.__repr__(t))


def numbers():
    try:
        yield 1
        yield 2
    finally:
        print("numbers closed")


g = numbers()
step = g.__next__
print(step(), step())
del step, g
it = iter([10, 20])
print(it.__next__(), next(it))
print(it.__iter__() is it, type(it.__next__).__name__)
