# minipy: min-stage=refcount
# throw() and close() on a generator paused in `yield from` go to the
# sub-generator first. The delegating generator sees what comes back: a
# value to yield, a return value, or an exception whose traceback already
# holds the sub-generator's frame, and with it the frame's locals.
class Noisy:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("free", self.name)


def frames_of(exc):
    names, tb = [], exc.__traceback__
    while tb is not None:
        names.append(tb.tb_frame.f_code.co_name)
        tb = tb.tb_next
    return names


def inner():
    buffer = Noisy("inner's buffer")
    yield "inner 1"
    yield "inner 2"


def outer():
    try:
        yield from inner()
    except ValueError as e:
        print("outer caught; traceback frames:", frames_of(e))
    yield "outer after"


g = outer()
print(next(g))
print(g.throw(ValueError("boom")))
del g
print("---")


def handles():
    try:
        yield "handles 1"
    except KeyError:
        yield "handled the KeyError"
    try:
        yield "handles 2"
    except KeyError:
        return "handles returned"


def outer_sees_value():
    result = yield from handles()
    print("yield from gave", result)
    yield "outer 2"


g = outer_sees_value()
print(next(g))
print(g.throw(KeyError("k")))
print(next(g))
print(g.throw(KeyError("again")))
print("---")


def closing(name):
    try:
        yield f"{name} 1"
    finally:
        print("finally of", name)


def chain():
    try:
        yield from closing("innermost")
    finally:
        print("finally of chain")


g = chain()
print(next(g))
g.close()
print("closed")
print("---")


class Iterator:
    def __init__(self):
        self.n = 0

    def __iter__(self):
        return self

    def __next__(self):
        self.n += 1
        return self.n

    def throw(self, exc):
        print("Iterator.throw got", repr(exc))
        return -1

    def close(self):
        print("Iterator.close")


class Plain:
    def __iter__(self):
        return self

    def __next__(self):
        return "plain"


def over(iterable):
    try:
        yield from iterable
    except TypeError as e:
        print("raised here:", repr(e))
        yield "done"


g = over(Iterator())
print(next(g), g.throw(TypeError("t")), next(g))
g.close()
g = over(Plain())
print(next(g), g.throw(TypeError("no throw method")))
