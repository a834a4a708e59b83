# A class that defines __eq__ and not __hash__ gets __hash__ = None, last in
# its __dict__: its instances are unhashable, and so are its subclasses'.
from dataclasses import dataclass
class P:
    def __init__(self, x): self.x = x
    def __eq__(self, other): return isinstance(other, P) and self.x == other.x
print(P.__hash__)
print("__hash__" in P.__dict__)
try:
    {P(1)}
except TypeError as e:
    print(e)
try:
    hash(P(1))
except TypeError as e:
    print(e)
class Q(P):
    pass
print(Q.__hash__)
class R(P):
    __hash__ = object.__hash__
print(R.__hash__ is object.__hash__, len({R(1), R(1)}))
class S:
    def __eq__(self, o): return True
    def __hash__(self): return 7
print(hash(S()))

@dataclass
class D:
    x: int
print(D.__hash__, list(D.__dict__).count("__hash__"))
@dataclass(frozen=True)
class F:
    x: int
print(hash(F(1)) == hash(F(1)))
@dataclass(eq=False)
class E:
    x: int
print(E.__hash__ is object.__hash__)
X = type("X", (), {"__eq__": lambda s, o: True})
print(X.__hash__)
class B:
    def __hash__(self): return 1
class C(B):
    def __eq__(self, o): return True
print(C.__hash__)
