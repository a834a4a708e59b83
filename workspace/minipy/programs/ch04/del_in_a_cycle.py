# minipy: min-stage=cycles
# minipy: differs-on=cycles,generations
# An object with __del__ in a cycle. CPython 3.4 and later (PEP 442) run
# __del__ and then free the cycle; before 3.4, and on chapter 4's stage, the
# collector refuses: the object is uncollectable and goes to gc.garbage,
# with everything it holds.
import gc


class Resource:
    def __init__(self, name):
        self.name = name
        self.payload = [name] * 3

    def __del__(self):
        print("__del__", self.name)


r = Resource("r")
r.me = r
del r
print("found:", gc.collect())
print("gc.garbage:", [type(o).__name__ for o in gc.garbage])
gc.garbage.clear()
print("cleared")
