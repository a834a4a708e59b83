# What __len__, __bool__, __repr__, __str__, __init__ and __iter__ return is
# checked, as CPython 3.11's slots check it.
class L:
    def __init__(self, n): self.n = n
    def __len__(self): return self.n
class B:
    def __init__(self, v): self.v = v
    def __bool__(self): return self.v
class R:
    def __repr__(self): return 42
class S:
    def __str__(self): return None
class I:
    def __init__(self): return "x"
class It:
    def __iter__(self): return [1, 2]
print(len(L(3)), bool(L(0)), bool(L(2)), bool(B(True)))
tests = [lambda: len(L(-1)), lambda: bool(L(-1)), lambda: len(L("a")), lambda: bool(B(1)), lambda: bool(B(None)),
         lambda: repr(R()), lambda: str(S()), lambda: I(), lambda: iter(It()), lambda: list(It()),
         lambda: "yes" if L(-2) else "no"]
for t in tests:
    try:
        print(t())
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
