# minipy: min-stage=refcount
# A program that ends with an uncaught exception: the traceback is printed,
# and sys.last_value keeps the exception - with its traceback, the frames it
# passed through and their locals - past the atexit functions. Shutdown lets
# go of it before it clears the module, so the dying function's local is
# freed before the module's own objects.
import atexit
import sys


class Noisy:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("free", self.name, "- sys.last_value is", type(sys.last_value).__name__)


def at_exit():
    print("atexit:", type(sys.last_value).__name__, sys.last_type.__name__)
    frame = sys.last_traceback.tb_next.tb_frame
    print("the failed frame still holds", sorted(frame.f_locals))


def work():
    local = Noisy("work's local")
    helper = [local]
    raise LookupError("nothing here")


kept = Noisy("a global")
atexit.register(at_exit)
print("has last_value before:", hasattr(sys, "last_value"))
work()
