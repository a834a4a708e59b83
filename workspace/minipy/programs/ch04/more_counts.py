# minipy: min-stage=cycles
# Cycles through frames, closures, generators and bound methods, and what
# gc.collect() counts for each (CPython's objects: a closure has a tuple of
# cells, a materialized frame is an object of its own).
import gc

gc.collect()


def make_error():
    try:
        raise ValueError("x")
    except ValueError as e:
        return e


err = make_error()
del err
print("a returned exception:", gc.collect())


class Client:
    def fetch(self):
        try:
            raise KeyError(1)
        except KeyError as e:
            self.error = e


c = Client()
c.fetch()
del c
print("an instance that keeps its exception:", gc.collect())


def outer():
    x = []

    def inner():
        return x

    x.append(inner)


outer()
print("a closure in a list it refers to:", gc.collect())


def gen():
    yield 1


it = gen()
next(it)
holder = [it]
holder.append(holder)
del it, holder
print("a paused generator in a cycle:", gc.collect())


class Pinned:
    def __init__(self):
        self.bound = self.method

    def method(self):
        pass


p = Pinned()
del p
print("an instance holding its bound method:", gc.collect())

m = {}
m["m"] = m
m["s"] = {1, 2}
del m
print("a dict and a set:", gc.collect())
