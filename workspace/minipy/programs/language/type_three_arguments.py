# minipy: differs-on=refcount,names
# type(name, bases, dict) makes a class as a class statement does: what it
# holds, what it inherits, the cycle it is in, and the checks on its arguments.
import gc
T = type("T", (), {"x": 1, "hello": lambda self: "hi " + type(self).__name__})
print(T, T.__name__, T.x, T().hello(), T.__bases__, T.__mro__)
class Base:
    def who(self): return "base"
S = type("S", (Base,), {})
print(S().who(), issubclass(S, Base), isinstance(S(), Base))
del T, S
print(gc.collect())
for bad in [(1, (), {}), ("X", [], {}), ("X", (), [])]:
    try:
        type(*bad)
    except TypeError as e:
        print(e)
try:
    type("a", ())
except TypeError as e:
    print(e)
try:
    type()
except TypeError as e:
    print(e)
