# minipy: min-stage=refcount
# A tuple releases last to first; a dict in insertion order.
class N:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)

t = (N("t0"), N("t1"), N("t2"))
del t
d = {"first": N("d0"), "second": N("d1"), "third": N("d2")}
del d
print("done")
