# Two functools pieces CPython writes in Python: cmp_to_key, a key for sorted()
# from an old-style comparison, and cached_property, computed once per
# instance and then kept in its __dict__, where it shadows the descriptor.
import functools
print(sorted([3, 1, 2], key=functools.cmp_to_key(lambda a, b: b - a)))
K = functools.cmp_to_key(lambda a, b: (a > b) - (a < b))
print(K(1) < K(2), K(2) == K(2), K(3) >= K(4))
try:
    hash(K(1))
except TypeError as e:
    print("TypeError:", e)
class Circle:
    def __init__(self, r):
        self.r = r
    @functools.cached_property
    def area(self):
        "The area."
        print("computing")
        return 3 * self.r * self.r
c = Circle(2)
print(c.area, c.area, c.__dict__, Circle.area.__doc__, type(Circle.area).__name__)
del c.area
print(c.area)
class Slotted:
    __slots__ = ("x",)
    @functools.cached_property
    def y(self):
        return 1
try:
    Slotted().y
except TypeError as e:
    print("TypeError:", e)
