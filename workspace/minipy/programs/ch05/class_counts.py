# minipy: min-stage=generations
# What a class statement adds to generation 0's count. CPython 3.11's
# type_new makes the class, its dict, its __bases__ and __mro__ tuples, the
# __dict__ and __weakref__ descriptors its instances need, and a weak
# reference from its bases; dicts and tuples come off the free lists while
# they last, so the same statement counts more once they are empty.
import gc

gc.disable()


def count():
    return gc.get_count()[0]


def refill():
    dicts = [{} for _ in range(100)]
    tuples = [tuple(range(n)) for n in range(1, 6) for _ in range(40)]
    del dicts, tuples


def measure(label, make):
    refill()
    before = count()
    make()
    print(f"{label:28} {count() - before}")


class Plain:
    pass


class Other:
    pass


kept = []
measure("plain class", lambda: kept.append(type("T", (), {})))


def plain():
    class A:
        pass

    kept.append(A)


def subclass():
    class B(Plain):
        pass

    kept.append(B)


def two_bases():
    class C(Plain, Other):
        pass

    kept.append(C)


def slotted():
    class D:
        __slots__ = ("x", "y")

    kept.append(D)


def with_methods():
    class E:
        def f(self):
            pass

        def g(self):
            pass

    kept.append(E)


def exception_class():
    class F(Exception):
        pass

    kept.append(F)


measure("class statement", plain)
measure("subclass", subclass)
measure("two bases", two_bases)
measure("__slots__ of two", slotted)
measure("two methods", with_methods)
measure("exception subclass", exception_class)

# Empty the free lists of dicts and short tuples: held, they cannot be reused.
held = [{} for _ in range(100)] + [tuple(range(n)) for n in range(1, 6) for _ in range(2100)]
steps = []
for i in range(6):
    before = count()

    class Fresh:
        pass

    steps.append(count() - before)
print("with the free lists empty:", steps)
