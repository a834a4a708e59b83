# minipy: min-stage=refcount
# dataclasses: generated __init__, __repr__ and __eq__; slots=True makes
# instances without a __dict__, and smaller.
import sys
from dataclasses import dataclass, field, asdict, astuple

@dataclass
class Point:
    x: int
    y: int = 0

@dataclass(slots=True)
class SlimPoint:
    x: int
    y: int = 0

@dataclass
class Inventory:
    name: str
    items: list = field(default_factory=list)
    count: int = field(default=1)

    def add(self, item):
        self.items.append(item)
        return self

p = Point(1, 2)
print(p, Point(3), p == Point(1, 2), p == Point(2, 1), p != Point(1, 2), Point(y=5, x=4))
print(sys.getsizeof(p), sys.getsizeof(SlimPoint(1, 2)), SlimPoint(1, 2))
inv = Inventory("box").add("pen")
other = Inventory("bag")
print(inv, other, inv.items is other.items, asdict(p), astuple(p))
try:
    Point()
except TypeError as e:
    print(e)
try:
    hash(p)
except TypeError as e:
    print(e)
try:
    SlimPoint(1).z = 3
except AttributeError as e:
    print("AttributeError:", e)

@dataclass
class Point3(Point):
    z: int = 0
print(Point3(1, 2, 3), Point3(1))
