# minipy: differs-on=refcount,names
# Where a class keeps its attributes: C.__dict__ is a read-only mappingproxy
# of the type's dict, with the names CPython's type_new puts there; mro()
# and __subclasses__() come from type, and a base knows its subclasses only
# weakly.
import gc


class Shape:
    sides = 0

    def area(self):
        return 0


class Square(Shape):
    "Four equal sides."
    __slots__ = ("side",)
    sides = 4


class Circle(Shape):
    pass


print(list(Shape.__dict__))
print(list(Square.__dict__))
print(list(Circle.__dict__))
print(type(Shape.__dict__).__name__, len(Shape.__dict__), "sides" in Shape.__dict__)
print(Shape.__dict__["sides"], Shape.__dict__.get("missing", "-"))
print(Shape.__dict__["__dict__"], Square.__dict__["side"])
print(vars(Circle) == dict(Circle.__dict__), sorted(Circle.__dict__.keys()))
print(Circle.__dict__)

try:
    Shape.__dict__["sides"] = 3
except TypeError as error:
    print("TypeError:", error)
try:
    del Shape.__dict__["sides"]
except TypeError as error:
    print("TypeError:", error)
try:
    Shape.__dict__.update({})
except AttributeError as error:
    print("AttributeError:", error)

Shape.colour = "red"        # through the class, not the proxy
print("colour" in Shape.__dict__)

print(Square.mro())
print(type.mro(Circle) == Circle.mro(), Circle.mro() == list(Circle.__mro__))
print(Shape.__subclasses__())


class Triangle(Shape):
    pass


print(Shape.__subclasses__())
del Triangle
gc.collect()                # a class is a cycle: only the collector frees it
print(Shape.__subclasses__(), Circle.__subclasses__())
