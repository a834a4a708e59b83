# minipy: min-stage=generations
# A defaultdict, OrderedDict or Counter is one object in CPython (a dict with
# more fields), so a cycle through one is one object for the collector, and
# gc shows what each type's tp_traverse visits.
import copy
import gc
from collections import Counter, OrderedDict, defaultdict

gc.collect()
d = defaultdict(list)
d["self"] = d
del d
print("defaultdict cycle:", gc.collect())

o = OrderedDict()
o["a"] = 1
o["self"] = o
del o
print("OrderedDict cycle:", gc.collect())

c = Counter()
holder = [c]
c["holder"] = holder
del c, holder
print("Counter and a list:", gc.collect())

d = defaultdict(list)
d["k"].append(d)
print("tracked:", gc.is_tracked(d), gc.is_tracked(OrderedDict()), gc.is_tracked(defaultdict()))
print("referents of a defaultdict:", [type(x).__name__ for x in gc.get_referents(d)])
print("referrers of it:", sorted(type(x).__name__ for x in gc.get_referrers(d)))
o = OrderedDict(a=[1], b=2)
print("referents of an OrderedDict:", gc.get_referents(o))

shallow = copy.copy(d)
deep = copy.deepcopy(d)
print("copies:", type(shallow).__name__, type(deep).__name__, deep["k"][0] is deep)
del d, shallow, deep
print("the cycle, its shallow copy and its deep copy:", gc.collect())
