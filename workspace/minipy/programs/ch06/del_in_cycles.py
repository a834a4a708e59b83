# minipy: min-stage=finalizers
# PEP 442 (CPython 3.4+): every __del__ of the garbage runs, in the
# collector's order, before anything of it is cleared; each object's once.
import gc


class Named:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        partner = getattr(self, "next", None)
        # The partner is intact: nothing has been cleared yet.
        print("__del__", self.name, "-> next is", partner.name if partner else None)


a, b, c = Named("a"), Named("b"), Named("c")
a.next, b.next, c.next = b, c, a
del a, b, c
print("found:", gc.collect())

x = Named("x")
x.next = x
y = Named("y")
y.next = y
del x, y
print("found:", gc.collect())
print("found again:", gc.collect())
