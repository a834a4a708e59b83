class Point:
    count = 0
    def __init__(self, x, y=0):
        self.x = x
        self.y = y
        Point.count += 1
    def norm2(self):
        return self.x * self.x + self.y * self.y
    def __repr__(self):
        return f"Point({self.x}, {self.y})"
    def __eq__(self, other):
        return self.x == other.x and self.y == other.y

p = Point(3, 4)
q = Point(1)
print(p, q, p.norm2(), Point.count)
print(p == Point(3, 4), p is p, p != q)
p.z = 5
print(hasattr(p, "z"), hasattr(p, "w"), getattr(p, "x"), getattr(p, "w", "none"))
del p.z
print(hasattr(p, "z"))
m = p.norm2
print(m())
print(type(p).__name__, type(p) is Point, isinstance(p, Point), isinstance(3, Point))
print(str(p), repr(q), [p, q])
try:
    p.missing
except AttributeError as e:
    print(e)
