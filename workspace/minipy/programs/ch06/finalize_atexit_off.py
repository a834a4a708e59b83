# minipy: min-stage=finalizers
# weakref.finalize at exit: the ones marked atexit run, newest first; one
# with atexit = False does not run, and its function does not keep the
# program's objects from being finalized after.
import weakref


class Resource:
    def __init__(self, n):
        self.n = n

    def __del__(self):
        print("Resource.__del__", self.n)


def release(n):
    print("finalizer", n)


first = Resource(1)
f1 = weakref.finalize(first, release, 1)
second = Resource(2)
f2 = weakref.finalize(second, release, 2)
f2.atexit = False
third = Resource(3)
f3 = weakref.finalize(third, release, 3)
print(f1.atexit, f2.atexit, f3.alive)
print("main done")
