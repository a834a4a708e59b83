# minipy: min-stage=generations
# What making instances moves gc.get_count()[0] by on CPython 3.11: each
# instance counts, and calling the class builds a tuple of its arguments,
# counted the first time only (after that it comes from the tuple free list).
import gc
class Link:
    def __init__(self, name):
        self.name = name
gc.collect()
c = []
def probe():
    c.append(gc.get_count()[0])
probe()
a = Link("x")
probe()
b = Link(f"l{1}")
probe()
a.next = b
probe()
def mk():
    first = prev = Link("l0")
    cur = Link("l1")
    prev.next = cur
    return first
probe()
r = mk()
probe()
print(c)
