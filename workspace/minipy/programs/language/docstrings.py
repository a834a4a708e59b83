"""A module's docstring is its __doc__."""
# Docstrings: the string a module, class or function body starts with
# becomes its __doc__; descriptors show their function's.


def documented():
    "What it does."
    return 1


def undocumented():
    x = 1
    "not a docstring: not the first statement"
    return x


def multiline():
    """First line.

    More."""


class Shape:
    "A shape."

    def area(self):
        "The area."
        return 0

    @property
    def sides(self):
        "How many sides."
        return 0

    @sides.setter
    def sides(self, value):
        pass

    label = property(lambda self: "shape", doc="A label.")

    @staticmethod
    def unit():
        "The unit shape."

    @classmethod
    def make(cls):
        "Make one."
        return cls()


print(repr(__doc__))
print(repr(documented.__doc__), repr(undocumented.__doc__))
print(repr(multiline.__doc__))
print(Shape.__doc__, Shape.area.__doc__, Shape().area.__doc__)
print(Shape.sides.__doc__, Shape.label.__doc__)
print(Shape.sides.fget.__name__, Shape.sides.fset.__name__, Shape.sides.fdel)
print(Shape.unit.__doc__, Shape.make.__doc__)
print((lambda: 0).__doc__)
documented.__doc__ = "Changed."
print(documented.__doc__)


def gen():
    "A generator function."
    yield 1


print(gen.__doc__)
