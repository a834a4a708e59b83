# What gc.get_referents sees in a function, a class and the descriptors in
# its body: the objects their tp_traverse visits in CPython 3.11.
import gc


def names(objects):
    return [type(x).__name__ for x in objects]


def plain():
    pass


def documented(a, b=[1]):
    "It has a docstring and a default."
    return a


def keywords(a, *, b=2):
    pass


def outer():
    y = []

    def inner():
        return y

    return inner


print("plain", names(gc.get_referents(plain)))
print("documented", names(gc.get_referents(documented)))
print("keywords", names(gc.get_referents(keywords)))
print("closure", names(gc.get_referents(outer())))
keywords.calls = 0
print("with __dict__", names(gc.get_referents(keywords)))
referents = gc.get_referents(documented)
print(referents[1] is globals(), referents[3], referents[-1])


def getter(self):
    "The getter's docstring."
    return 1


def other(self):
    pass


class C:
    p = property(getter)
    q = property(other, other)
    s = staticmethod(other)
    c = classmethod(other)


for name in "pqsc":
    found = gc.get_referents(C.__dict__[name])
    print(name, names(found), found[-1] if name in "pq" else "")
print(names(gc.get_referents(C)))
namespace, mro, bases, base = gc.get_referents(C)
print(sorted(namespace), mro, bases, base)


class D(C):
    pass


print(names(gc.get_referents(D)), gc.get_referents(D)[-1])

# A property named by its class body says its name when it refuses; one
# attached to a class afterwards never learned it.
try:
    C().p = 2
except AttributeError as e:
    print(e)
try:
    del C().q
except AttributeError as e:
    print(e)
C.late = property(getter)
try:
    C().late = 3
except AttributeError as e:
    print(e)
