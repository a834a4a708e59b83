# minipy: min-stage=refcount
# While a `finally` block or `__exit__` runs because of an exception, that
# exception is the one being handled: sys.exc_info() sees it, a new exception
# takes it as __context__ (and keeps it, its traceback and its frames alive),
# and leaving the block by break, continue or return lets go of it.
import sys


class Noisy:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("free", self.name)


def fail(name):
    local = Noisy(name)
    raise ValueError(name)


def leave_by(how):
    for i in range(2):
        try:
            fail(f"{how}{i}")
        finally:
            print("finally sees", sys.exc_info()[0].__name__)
            if how == "break":
                break
            if how == "continue":
                continue
            return how
    print("after the loop", sys.exc_info())


for how in ["break", "continue", "return"]:
    print("result", leave_by(how))
    print("now", sys.exc_info())


def context_in_finally():
    try:
        fail("first")
    finally:
        raise KeyError("second")


try:
    context_in_finally()
except KeyError as e:
    print("caught", repr(e), "context", repr(e.__context__))
    del e
print("handler done")


class Exit:
    def __init__(self, swallow):
        self.swallow = swallow

    def __enter__(self):
        return self

    def __exit__(self, kind, value, tb):
        print("__exit__ sees", sys.exc_info()[1] is value, kind.__name__)
        return self.swallow


with Exit(True):
    fail("swallowed")
print("swallowed; now", sys.exc_info())

try:
    with Exit(False):
        fail("passed on")
except ValueError as e:
    print("passed on", e)
print("after", sys.exc_info())


def bare_raise_in_finally():
    try:
        raise TypeError("kept")
    finally:
        try:
            raise
        except TypeError as e:
            print("bare raise re-raises", repr(e))


try:
    bare_raise_in_finally()
except TypeError as e:
    print("outer", repr(e))
