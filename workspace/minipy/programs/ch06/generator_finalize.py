# minipy: min-stage=finalizers
# A generator that was never started is finalized as well (3.11 closes
# it, which releases its frame): in a cycle, that alone can free the
# cycle, and the collector finds nothing left to count.
import gc
class D:
    def __init__(self, n): self.n = n
    def __del__(self): print("__del__", self.n)
def gen(box):
    try:
        yield box
    finally:
        print("finally", len(box))
# unstarted in a cycle
box = [D(1)]; g = gen(box); box.append(g); del box, g
print("found:", gc.collect())
# started in a cycle
box = [D(2)]; g = gen(box); next(g); box.append(g); del box, g
print("found:", gc.collect())
# unstarted, freed by counting
g = gen([D(3)]); del g
print("counted")
g = gen([D(4)]); print(gc.is_finalized(g)); g.close(); print(gc.is_finalized(g)); del g
# a generator referring to itself through a global-free cell
def selfref():
    me = yield
    yield me
g = selfref(); next(g); g.send(g); del g
print("found:", gc.collect())
g = selfref(); g2 = g; del g, g2
print("found:", gc.collect())
print("end")
