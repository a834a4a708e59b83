# Abstract base classes: a class with abstract methods left cannot be instantiated.
from abc import ABC, abstractmethod
class Shape(ABC):
    @abstractmethod
    def area(self):
        ...
    @abstractmethod
    def perimeter(self):
        ...
    def describe(self):
        return f"{type(self).__name__} with area {self.area()}"
class Square(Shape):
    def __init__(self, side):
        self.side = side
    def area(self):
        return self.side ** 2
    def perimeter(self):
        return 4 * self.side
class Half(Shape):
    def area(self):
        return 0
for cls in (Shape, Half):
    try:
        cls()
    except TypeError as e:
        print(e)
print(Square(3).describe(), isinstance(Square(1), Shape), isinstance(Square(1), ABC))
