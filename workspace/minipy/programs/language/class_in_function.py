# minipy: min-stage=refcount
# A class defined inside a function: its body and its methods see the
# function's variables through cells, which the class keeps alive.
def make_class(label, start):
    class Counter:
        prefix = label.upper()
        def __init__(self):
            self.n = start
        def bump(self):
            self.n += 1
            return f"{label}:{self.n}"
        def __repr__(self):
            return f"{Counter.prefix}({self.n})"
        def __del__(self):
            print("  free", label, self.n)
    return Counter

A = make_class("a", 10)
B = make_class("b", 0)
a, b = A(), B()
print(a.bump(), a.bump(), b.bump(), a, b, A.prefix, A is B, A.__name__, A.__qualname__)
del a
print("after del a")
def outer():
    x = 1
    class Inner:
        y = x + 1
        def get(self):
            return x, self.y
    x = 5
    return Inner().get()
print(outer())
