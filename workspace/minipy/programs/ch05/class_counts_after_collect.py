# minipy: min-stage=generations
# What a class statement adds to generation 0's count right after a full
# collection, which empties CPython 3.11's free lists: every dict, list and
# short tuple type_new makes is then new. The count is read twice: inside
# the body (after __build_class__ made the bases tuple and the namespace)
# and after the statement.
import gc

gc.disable()
get = gc.get_count


class A:
    pass


class A2:
    pass


class Kept(A):
    pass


class Empty:
    __slots__ = ()


def measure(label, make):
    gc.collect()
    before = get()[0]
    body = make()
    after = get()[0]
    print(f"{label:34} body {body - before}  rest {after - body}")


def plain():
    class C:
        here = get()[0]

    return C.here


def explicit_object():
    class C(object):
        here = get()[0]

    return C.here


def one_base():
    class C(A):
        here = get()[0]

    return C.here


def two_bases():
    class C(A, A2):
        here = get()[0]

    return C.here


def three_bases():
    class C(Kept, A2, A):
        here = get()[0]

    return C.here


def empty_slots():
    class C:
        __slots__ = ()
        here = get()[0]

    return C.here


def one_slot():
    class C:
        __slots__ = ("a",)
        here = get()[0]

    return C.here


def slot_string():
    class C:
        __slots__ = "a"
        here = get()[0]

    return C.here


def slot_list():
    class C:
        __slots__ = ["a", "b"]
        here = get()[0]

    return C.here


def dict_slot():
    class C:
        __slots__ = ("__dict__", "a")
        here = get()[0]

    return C.here


def base_without_dict():
    class C(Empty):
        here = get()[0]

    return C.here


def exception():
    class C(Exception):
        here = get()[0]

    return C.here


def key_error():
    class C(KeyError):
        here = get()[0]

    return C.here


def dict_subclass():
    class C(dict):
        here = get()[0]

    return C.here


def with_method():
    class C(A):
        def method(self):
            pass

        here = get()[0]

    return C.here


for make in [
    plain,
    explicit_object,
    one_base,
    two_bases,
    three_bases,
    empty_slots,
    one_slot,
    slot_string,
    slot_list,
    dict_slot,
    base_without_dict,
    exception,
    key_error,
    dict_subclass,
    with_method,
]:
    measure(make.__name__, make)

# A base's first subclass gives it a dict of subclasses; the second finds it.
class Lonely:
    pass


def first_and_second():
    gc.collect()
    counts = []
    kept = []
    for _ in range(3):
        before = get()[0]

        class Child(Lonely):
            pass

        kept.append(Child)
        counts.append(get()[0] - before)
    return counts


print("three subclasses of one base:", first_and_second())
print("again, after they are gone:", first_and_second())
