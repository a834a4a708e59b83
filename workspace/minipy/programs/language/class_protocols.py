# Class protocols a program uses: properties with setters, class and static
# methods, functools.total_ordering, operators, iterators, the sequence
# protocol through __getitem__, __call__, super() chains, __slots__.
import functools
class Temp:
    def __init__(self, c): self._c = c
    @property
    def c(self): return self._c
    @c.setter
    def c(self, v):
        if v < -273: raise ValueError("too cold")
        self._c = v
    @classmethod
    def from_f(cls, f): return cls((f - 32) * 5 / 9)
    @staticmethod
    def unit(): return "C"
t = Temp.from_f(212)
t.c = 50
print(t.c, Temp.unit(), t.unit())
try:
    t.c = -300
except ValueError as e:
    print(e)
@functools.total_ordering
class V:
    def __init__(self, x): self.x = x
    def __eq__(self, o): return self.x == o.x
    def __lt__(self, o): return self.x < o.x
    def __add__(self, o): return V(self.x + o.x)
    def __mul__(self, k): return V(self.x * k)
    __rmul__ = __mul__
    def __neg__(self): return V(-self.x)
    def __repr__(self): return f"V({self.x})"
    def __bool__(self): return self.x != 0
    def __hash__(self): return hash(self.x)
print(V(1) + V(2), 3 * V(2), V(2) * 3, -V(1), V(1) <= V(2), V(3) >= V(2), bool(V(0)), sorted([V(3), V(1)]))
class Count:
    def __init__(self, n): self.n = n; self.i = 0
    def __iter__(self): return self
    def __next__(self):
        if self.i >= self.n: raise StopIteration
        self.i += 1
        return self.i
print(list(Count(3)), sum(Count(4)))
class Seq:
    def __getitem__(self, i):
        if i >= 3: raise IndexError
        return i * 10
    def __len__(self): return 3
    def __contains__(self, x): return x == 99
print(list(Seq()), len(Seq()), 99 in Seq(), 10 in Seq())
class Adder:
    def __call__(self, a, b=1): return a + b
print(Adder()(1), Adder()(1, b=5), callable(Adder()))
class Base:
    def __init__(self): self.log = ["base"]
    def who(self): return "base"
class Mid(Base):
    def __init__(self): super().__init__(); self.log.append("mid")
    def who(self): return "mid>" + super().who()
class Leaf(Mid):
    def __init__(self): super().__init__(); self.log.append("leaf")
    def who(self): return "leaf>" + super().who()
l = Leaf()
print(l.log, l.who(), Leaf.__mro__[1].__name__, isinstance(l, (int, Base)), issubclass(Leaf, Base))
class Slot:
    __slots__ = ("a", "b")
    def __init__(self): self.a = 1
s = Slot()
try:
    s.c = 3
except AttributeError as e:
    print(e)
try:
    print(s.b)
except AttributeError as e:
    print(e)
class K:
    count = 0
    def __init__(self): K.count += 1
K(); K()
print(K.count, getattr(K, "missing", "default"), hasattr(K, "count"))
print(repr(K)[:17], str(type(K())))
