# minipy: min-stage=cycles
# Generators: send, yield from and its result, close (its frame freed),
# StopIteration.value; exception chaining; a tree of parents and children
# collected as one cycle; recursion to 500.
import gc
def gen():
    total = 0
    while True:
        x = yield total
        if x is None:
            break
        total += x
g = gen()
next(g)
print(g.send(5), g.send(10))
try:
    g.send(None)
except StopIteration as e:
    print("stopped", e.value)
def squares(n):
    yield from (i * i for i in range(n))
print(list(squares(4)))
class Resource:
    def __init__(self, name): self.name = name
    def __del__(self): print("release", self.name)
def worker():
    r = Resource("gen-local")
    yield 1
    yield 2
w = worker()
next(w)
w.close()
print("closed")
try:
    try:
        raise KeyError("inner")
    except KeyError as e:
        raise ValueError("outer") from e
except ValueError as e:
    print(type(e.__cause__).__name__, e.__suppress_context__)
try:
    try:
        1 / 0
    except ZeroDivisionError:
        raise RuntimeError("during")
except RuntimeError as e:
    print(type(e.__context__).__name__)
class Node:
    def __init__(self, parent=None):
        self.parent = parent
        self.children = []
        if parent: parent.children.append(self)
root = Node()
for _ in range(3):
    Node(root)
del root
print(gc.collect())
import sys
def deep(n):
    return 0 if n == 0 else 1 + deep(n - 1)
print(deep(500), sys.getrecursionlimit())
def sub():
    yield 1
    return "result"
def outer():
    r = yield from sub()
    print("sub returned", r)
    yield 2
print(list(outer()))
g = sub()
next(g)
try:
    next(g)
except StopIteration as e:
    print(e.value, e.args)
