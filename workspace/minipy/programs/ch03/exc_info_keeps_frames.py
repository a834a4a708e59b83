# minipy: min-stage=refcount
# sys.exc_info() hands out the exception being handled, with its traceback:
# storing the tuple keeps the failed function's frame and locals alive.
import sys


class Witness:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("freed:", self.name)


def fail():
    buffer = Witness("fail's buffer")
    raise KeyError("missing")


try:
    fail()
except KeyError:
    info = sys.exc_info()
    print("handling", info[0].__name__, info[1])
print("outside the except block, the tuple still holds the exception")
info = None
print("tuple dropped")
print("nothing being handled:", sys.exc_info())
