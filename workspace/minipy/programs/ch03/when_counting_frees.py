# minipy: min-stage=refcount
# When counting frees what: a with block's object, an exception bound by
# except (deleted at the block's end), a suspended generator (closed, its
# finally run), temporaries, rebinding, pop, an attribute replaced.
import sys
class D:
    def __init__(self, n): self.n = n
    def __del__(self): print("del", self.n)
    def __enter__(self): print("enter", self.n); return self
    def __exit__(self, *a): print("exit", self.n, a[0].__name__ if a[0] else None); return False
with D(1) as d:
    print("inside")
del d
print("after with")
try:
    with D(2):
        raise KeyError("k")
except KeyError as e:
    print("caught", repr(e))
print("e gone:", "e" not in dir())
def gen():
    d = D(3)
    try:
        yield 1
        yield 2
    finally:
        print("gen finally")
g = gen()
print(next(g))
del g
print("after gen")
def make():
    return [D(4), D(5)]
make()
print("temporaries gone")
x = D(6)
x = None
lst = [D(7)]
lst.pop()
print("popped")
a = D(8)
b = a
del a
print("b alive")
b = 1
class Holder:
    pass
h = Holder()
h.d = D(9)
h.d = D(10)
del h
print("end")
