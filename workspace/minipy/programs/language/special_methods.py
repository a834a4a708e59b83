# minipy: min-stage=refcount
# Classes: class attributes, property, staticmethod, classmethod, super(),
# and the special methods operators and built-ins call.
class Shape:
    count = 0
    def __init__(self, name):
        self.name = name
        Shape.count += 1
    def area(self):
        return 0
    def describe(self):
        return f"{self.name} with area {self.area()}"
    def __repr__(self):
        return f"{type(self).__name__}({self.name!r})"
    def __del__(self):
        print("  free", self.name)

class Square(Shape):
    sides = 4
    def __init__(self, name, side):
        super().__init__(name)
        self._side = side
    @property
    def side(self):
        return self._side
    @side.setter
    def side(self, value):
        if value < 0:
            raise ValueError("negative side")
        self._side = value
    def area(self):
        return self.side ** 2
    @staticmethod
    def unit():
        return "cm"
    @classmethod
    def make(cls, side):
        return cls("made", side)
    def describe(self):
        return "square: " + super().describe()

s = Square("s1", 3)
print(s, s.describe(), s.side, Square.sides, s.sides, Shape.count)
s.side = 5
print(s.area(), Square.unit(), s.unit())
try:
    s.side = -1
except ValueError as e:
    print("ValueError:", e)
m = Square.make(2)
print(m, m.area(), Shape.count, isinstance(m, Shape), issubclass(Square, Shape))
print([c.__name__ for c in Square.__mro__])
del m
print("after del m")

class Vector:
    def __init__(self, x, y):
        self.x, self.y = x, y
    def __add__(self, other):
        return Vector(self.x + other.x, self.y + other.y)
    def __sub__(self, other):
        return Vector(self.x - other.x, self.y - other.y)
    def __mul__(self, k):
        return Vector(self.x * k, self.y * k)
    __rmul__ = __mul__
    def __neg__(self):
        return Vector(-self.x, -self.y)
    def __eq__(self, other):
        return isinstance(other, Vector) and (self.x, self.y) == (other.x, other.y)
    def __lt__(self, other):
        return abs(self) < abs(other)
    def __abs__(self):
        return (self.x ** 2 + self.y ** 2) ** 0.5
    def __len__(self):
        return 2
    def __getitem__(self, i):
        return (self.x, self.y)[i]
    def __iter__(self):
        yield self.x
        yield self.y
    def __contains__(self, v):
        return v in (self.x, self.y)
    def __bool__(self):
        return bool(self.x or self.y)
    def __call__(self, scale):
        return self * scale
    def __str__(self):
        return f"<{self.x}, {self.y}>"
    def __repr__(self):
        return f"Vector({self.x}, {self.y})"
    def __hash__(self):
        return hash((self.x, self.y))

a, b = Vector(1, 2), Vector(3, 4)
print(a + b, a - b, a * 3, 2 * a, -a, abs(b))
print(a == Vector(1, 2), a != b, a < b, b > a, sorted([b, a]))
print(len(a), a[0], a[-1], list(a), 2 in a, 5 in a, bool(Vector(0, 0)))
print(a(10), str(a), repr(a), f"{a}", f"{a!r}")
x, y = a
print(x, y, max([a, b]), min(b, a))

class Counter:
    def __init__(self):
        self.n = 0
    def __iter__(self):
        return self
    def __next__(self):
        if self.n >= 3:
            raise StopIteration
        self.n += 1
        return self.n
print(list(Counter()), sum(Counter()))

class Base:
    def hello(self):
        return "base"
class Left(Base):
    def hello(self):
        return "left+" + super().hello()
class Right(Base):
    def hello(self):
        return "right+" + super().hello()
class Both(Left, Right):
    def hello(self):
        return "both+" + super().hello()
print(Both().hello(), [c.__name__ for c in Both.__mro__])
print("end")
