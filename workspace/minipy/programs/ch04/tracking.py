# minipy: min-stage=cycles
# Which objects the collector follows, as CPython 3.11 decides it.
import gc

print("atoms:", gc.is_tracked(1), gc.is_tracked(1.5), gc.is_tracked("text"), gc.is_tracked(None))
print("containers:", gc.is_tracked([]), gc.is_tracked(set()))


class C:
    pass


print("an instance, a class, a function:", gc.is_tracked(C()), gc.is_tracked(C), gc.is_tracked(print))

# A dict is tracked only once it holds something that may be in a cycle.
d = {}
print("{}:", gc.is_tracked(d))
d["n"] = 1
d["s"] = "str"
print("ints and strings:", gc.is_tracked(d))
d["l"] = []
print("a list:", gc.is_tracked(d))
del d["l"]
print("after deleting it:", gc.is_tracked(d))
gc.collect()
print("after a full collection:", gc.is_tracked(d))

# A tuple is tracked when made, and untracked by the first collection
# that finds it holds nothing that may be in a cycle.
t = tuple([1, 2, 3])
holder = tuple([[], 1])
nested = tuple([t])
print("tuples:", gc.is_tracked(t), gc.is_tracked(holder), gc.is_tracked(nested))
gc.collect()
print("after a collection:", gc.is_tracked(t), gc.is_tracked(holder), gc.is_tracked(nested))
print("the empty tuple:", gc.is_tracked(()))

# A dict holding an untracked tuple does not need tracking.
e = {}
e["t"] = t
print("a dict with an untracked tuple:", gc.is_tracked(e))
e["u"] = tuple([1])
print("and a fresh tuple:", gc.is_tracked(e))

# gc.get_objects() lists what is tracked.
objects = gc.get_objects()
print("listed:", any(o is holder for o in objects), any(o is t for o in objects))
print("its own list is not listed:", not any(o is objects for o in objects))
