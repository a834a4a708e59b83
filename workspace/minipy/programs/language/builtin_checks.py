# minipy: min-stage=refcount
# Small built-in behaviours of 3.11: isinstance/issubclass check their
# second argument, sys.exception(), a missing name in `from m import`,
# lru_cache on a method, and sys.getsizeof of fixed-size objects.
import sys
import functools
import weakref

for args in [(1, 1), (1, (int, 1)), (1, "x"), (1, (str, (float, int)))]:
    try:
        print(isinstance(*args))
    except TypeError as e:
        print("TypeError:", e)
try:
    issubclass(int, 1)
except TypeError as e:
    print("TypeError:", e)
try:
    raise KeyError(1)
except KeyError:
    print(repr(sys.exception()), sys.exc_info()[0])
print(sys.exception())
try:
    from gc import not_there
except ImportError as e:
    print("ImportError:", e, e.name)


class Squares:
    def __init__(self, n):
        self.n = n

    @functools.lru_cache(maxsize=None)
    def compute(self, x):
        return x * self.n

    def __del__(self):
        print("Squares freed")


s = Squares(3)
print(s.compute(2), s.compute(2), Squares.compute.cache_info())
del s
print("the cache still holds the instance")
Squares.compute.cache_clear()
print("cache cleared")


class C:
    @property
    def p(self):
        return 1


c = C()
for name, obj in [("slice", slice(1, 2)), ("dict_keyiterator", iter({})),
                  ("dict_itemiterator", iter({}.items())), ("property", C.p),
                  ("staticmethod", staticmethod(print)), ("classmethod", classmethod(print)),
                  ("super", super(C, c)), ("Ellipsis", ...), ("NotImplemented", NotImplemented),
                  ("weakref", weakref.ref(c)), ("method-wrapper", c.__init__)]:
    print(name, sys.getsizeof(obj))


class View:
    def refresh(self):
        print("refresh")


v = View()
handlers = {weakref.WeakMethod(v.refresh), weakref.WeakMethod(v.refresh)}
print(len(handlers), hash(weakref.WeakMethod(v.refresh)) == hash(v))
