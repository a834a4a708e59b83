# minipy: min-stage=refcount
# A generator's finalizer runs once, even when it ignores GeneratorExit and
# stays paused; what goes wrong in a finalizer is reported with one
# traceback - the line that let go of the object when the runtime itself
# raised, and not the exceptions it was raised while handling.
import atexit


def stubborn():
    while True:
        try:
            yield 1
        except GeneratorExit:
            print("ignoring GeneratorExit")


def drop():
    g = stubborn()
    next(g)
    del g
    print("dropped")


drop()


class Fails:
    def __del__(self):
        try:
            raise KeyError("inner")
        except KeyError:
            raise TypeError("outer")


item = Fails()
del item


def closes_itself():
    yield g.close()


g = closes_itself()
try:
    next(g)
except ValueError as e:
    print("ValueError:", e)


def late():
    print("registered during exit: never runs")


def first():
    print("atexit handler")
    atexit.register(late)


atexit.register(first)
print("end")
