# minipy: min-stage=finalizers
# A __del__ that stores its object resurrects it, and everything it holds;
# the collector notices (it runs trial deletion again) and frees nothing.
# __del__ never runs twice: the object is finalized for good.
import gc

saved = []


class Phoenix:
    def __init__(self, name):
        self.name = name
        self.feathers = [name] * 2

    def __del__(self):
        print("__del__", self.name)
        saved.append(self)


p = Phoenix("p")
p.me = p
del p
print("found:", gc.collect())
print("saved:", [s.name for s in saved], gc.is_finalized(saved[0]))
saved.clear()
print("found:", gc.collect(), "(no second __del__)")


class Breaker:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("__del__", self.name, "breaks the cycle")
        self.other = None


left, right = Breaker("left"), Breaker("right")
left.other, right.other = right, left
del left, right
print("found:", gc.collect(), "(freed by counting during the finalizers)")
