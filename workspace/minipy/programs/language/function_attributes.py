# A function's attributes: its closure's cells, its defaults, its globals.
import gc
def outer():
    x = [1]
    y = "s"
    def inner(a, b=2, *, c=3):
        return x, y
    return inner
f = outer()
print(type(f.__closure__).__name__, len(f.__closure__), type(f.__closure__[0]).__name__, f.__closure__[0].cell_contents)
print(f.__defaults__, f.__kwdefaults__, f.__globals__ is globals(), f.__module__, f.__code__.co_name, f.__doc__)
def plain(): pass
print(plain.__closure__, plain.__defaults__, plain.__kwdefaults__)
print(gc.is_tracked(f.__closure__[0]), gc.get_referents(f.__closure__[0]))

# A bound method answers for its function what the method type does not
# define itself (CPython's method_getattro), and refuses to store any.
class Holder:
    def method(self):
        "the method's doc"
        return 1

Holder.method.tag = "tagged"
bound = Holder().method
print(bound.tag, bound.__doc__, bound.__name__, bound.__qualname__, bound.__module__)
print(bound.__globals__ is globals(), bound.__code__.co_name, bound.__defaults__)
try:
    bound.missing
except AttributeError as error:
    print(error)
try:
    bound.tag = 2
except AttributeError as error:
    print(error)
