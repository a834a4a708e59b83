# namedtuple: a tuple whose items have names — the same size as the tuple.
import sys
from collections import namedtuple
Point = namedtuple("Point", "x y")
Color = namedtuple("Color", ["red", "green", "blue"])
p = Point(1, y=2)
print(p, p.x, p[1], p[-1], p[:1], len(p), list(p), tuple(p), p == (1, 2), p == Point(1, 2), hash(p) == hash((1, 2)))
x, y = p
print(x, y, Point._fields, p._asdict(), p._replace(y=5), p.index(2), p.count(1), 2 in p)
print(type(p).__name__, isinstance(p, tuple), isinstance(p, Point), Point.__name__, sorted([Point(2, 1), Point(1, 5)]))
print(sys.getsizeof(p), sys.getsizeof((1, 2)), sys.getsizeof(Color(1, 2, 3)), {p: "a"}[(1, 2)])
try:
    Point(1)
except TypeError as e:
    print(e)
class Point(namedtuple("Point", "x y")):
    def norm(self):
        return (self.x ** 2 + self.y ** 2) ** 0.5
    def __repr__(self):
        return f"P<{self.x},{self.y}>"
p = Point(3, 4)
print(p, p.norm(), p.x, p[0], tuple(p), isinstance(p, tuple), type(p).__name__)
