# minipy: min-stage=refcount
# An exception keeps the frames it passed through, and their locals, alive:
# exception -> traceback -> frame -> locals. CPython deletes the name bound
# by `except ... as error` when the block ends, and that frees them.


class D:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("  del", self.name)


def work(name):
    data = D(name)
    raise ValueError("work failed")


try:
    work("first call's local")
except ValueError as error:
    print("caught:", error)
    print("  work() is over, but its local is still alive")
print("after the except block")


def keep_error():
    try:
        work("second call's local")
    except ValueError as error:
        return error


saved = keep_error()
print("saved the exception: the local lives on")
saved = None
print("end")
