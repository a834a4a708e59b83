# minipy: min-stage=generations
# An instance of a subclass of list or dict is one object to the collector:
# gc.collect() counts it (and its __dict__), get_objects and get_referrers
# show it and never the list it holds.
import gc
class L(list): pass
l = L([1]); l.me = l; del l
print(gc.collect())
l = L(); l.append(l); del l
print(gc.collect())
l = L(); l.x = 1; l.append(l); del l
print(gc.collect())
class D(dict): pass
d = D(); d["k"] = d; del d
print(gc.collect())
d = D(); d.me = d; del d
print(gc.collect())
print(gc.is_tracked(L()), gc.is_tracked(D()), L() in gc.get_objects())
a = L()
print(any(o is a for o in gc.get_objects()), len(gc.get_referents(a)), gc.get_referrers(1)[:0])
x = [1]
holder = L([x])
print([type(r).__name__ for r in gc.get_referrers(x)])
holder.tag = "x"
print([type(r).__name__ for r in gc.get_referents(holder)])
class DD(dict): pass
dd = DD(a=x); dd[1] = 2
print([type(r).__name__ for r in gc.get_referents(dd)])
