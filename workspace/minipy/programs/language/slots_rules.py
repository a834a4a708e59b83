# What type_new refuses in __slots__, and what it makes of the rest: the
# descriptors in the class's dict (named slots sorted, then __dict__ and
# __weakref__), the best base (__base__), and the order an instance's slots
# are released in (sorted, most derived class first).


class A:
    pass


class S:
    __slots__ = ("x",)


class T:
    __slots__ = ("y",)


def attempt(label, make):
    try:
        cls = make()
    except (TypeError, ValueError) as e:
        print(f"{label}: {type(e).__name__}: {e}")
    else:
        names = [k for k in cls.__dict__ if k not in ("__module__", "__doc__")]
        print(f"{label}: {names} base={cls.__base__.__name__}")


def dict_twice():
    class C(A):
        __slots__ = ("__dict__",)

    return C


def weakref_twice():
    class C(A):
        __slots__ = ("__weakref__",)

    return C


def not_a_string():
    class C:
        __slots__ = ("a", 1)

    return C


def not_an_identifier():
    class C:
        __slots__ = ("a b",)

    return C


def not_iterable():
    class C:
        __slots__ = 5

    return C


def conflicts():
    class C:
        __slots__ = ("a",)
        a = 1

    return C


def two_layouts():
    class C(S, T):
        pass

    return C


def slotted_first():
    class C(S, A):
        pass

    return C


def slotted_second():
    class C(A, S):
        pass

    return C


def unsorted():
    class C:
        __slots__ = ("b", "a", "__weakref__", "c")

    return C


def as_dict():
    class C:
        __slots__ = {"q": "doc", "p": None}

    return C


def exception_with_weakref():
    class C(Exception):
        __slots__ = ("__weakref__",)

    return C


def exception_with_dict():
    class C(Exception):
        __slots__ = ("__dict__",)

    return C


def empty_base_then_dict():
    class E:
        __slots__ = ()

    class C(E, A):
        __slots__ = ()

    return C


for make in [
    dict_twice,
    weakref_twice,
    not_a_string,
    not_an_identifier,
    not_iterable,
    conflicts,
    two_layouts,
    slotted_first,
    slotted_second,
    unsorted,
    as_dict,
    exception_with_weakref,
    exception_with_dict,
    empty_base_then_dict,
]:
    attempt(make.__name__, make)


class Loud:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("released", self.name)


class Base:
    __slots__ = ("m", "k")


class Derived(Base):
    __slots__ = ("z", "b")


d = Derived()
d.k, d.m, d.z, d.b = Loud("k"), Loud("m"), Loud("z"), Loud("b")
del d

print(Derived.z, Derived.__mro__ is Derived.__mro__)
class B:
    __slots__=("a",)
print(B.a, type(B.a).__name__, B.__dict__["a"])
class C: pass
print(C.__dict__["__dict__"], type(C.__dict__["__weakref__"]).__name__)
