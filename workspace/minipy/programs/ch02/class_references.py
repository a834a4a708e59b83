# A class is referenced by more than its name: its own __mro__ tuple, the
# descriptors for its instances' __dict__ and __weakref__, its subclasses'
# __mro__, __bases__ and __base__, and each of its instances.
import sys


class Base:
    pass


print("Base:", sys.getrefcount(Base))


class Derived(Base):
    pass


print("Base, with a subclass:", sys.getrefcount(Base))
print("Derived:", sys.getrefcount(Derived))
items = [Derived(), Derived()]
print("Derived, with two instances:", sys.getrefcount(Derived))


class Error(Exception):
    pass


print("an exception class:", sys.getrefcount(Error))


class UsesSuper(Base):
    def __init__(self):
        super().__init__()


print("a class whose method calls super():", sys.getrefcount(UsesSuper))


class Point:
    __slots__ = ("x", "y")


print("a class with two slots:", sys.getrefcount(Point))
