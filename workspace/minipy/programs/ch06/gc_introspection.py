# minipy: min-stage=finalizers
# The collector's view of a program: what callbacks are told, who refers to
# what (gc.get_referrers, gc.get_referents in tp_traverse's order), what is
# tracked, and DEBUG_SAVEALL.
import gc
gc.collect()
info = []
gc.callbacks.append(lambda phase, i: info.append((phase, i["generation"], i["collected"], i["uncollectable"])))
class A: pass
for i in range(3):
    a = A(); a.me = a
del a
print(gc.collect(), info)
info.clear()
print(gc.collect(1), info)
gc.callbacks.clear()
x = [1]
y = [x]; z = {"k": x}; w = (x,)
r = gc.get_referrers(x)
print(len(r), [type(o).__name__ for o in r if o is y or o is z or o is w])
print(gc.get_referents(z), gc.get_referents(y) == [x])
class B:
    def __init__(self): self.v = [1, 2]
b = B()
print(gc.get_referents(b)[0], type(gc.get_referents(b)[1]).__name__)
print(gc.is_tracked(b), gc.is_tracked(b.v), gc.is_tracked(B))
def gen():
    yield 1
g = gen()
print(gc.is_tracked(g), gc.is_tracked(len))
s = {1, 2}
fs = frozenset([1])
print(gc.is_tracked(s), gc.is_tracked(fs))
print(gc.get_count()[1:], gc.get_threshold())
gc.set_debug(gc.DEBUG_SAVEALL)
c = []; c.append(c); del c
print(gc.collect(), len(gc.garbage))
gc.set_debug(0)
del gc.garbage[:]
print(gc.collect())
