# minipy: min-stage=refcount
# When an exception leaves a frame (or jumps to a handler), what was on the
# value stack is dropped from the top, as CPython 3.11 unwinds it.
class D:
    def __init__(self, n): self.n = n
    def __del__(self): print("del", self.n)
def f():
    return [D("a"), D("b"), 1 / 0]
try:
    f()
except ZeroDivisionError:
    print("caught")
def g():
    try:
        return (D("c"), D("d"), 1 / 0)
    except ZeroDivisionError:
        print("handled inside")
g()
print(len([D("e"), D("f")]))
