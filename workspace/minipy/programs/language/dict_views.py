# minipy: min-stage=refcount
# Dict views are live: they see later changes, hold their dict alive, and
# make each items() tuple only as the loop asks for it. Changing a dict's
# or set's size while iterating it is an error.
import sys
class Tracked:
    def __init__(self, name):
        self.name = name
    def __repr__(self):
        return self.name
    def __del__(self):
        print("  free", self.name)

d = {"a": 1, "b": 2}
keys, values, items = d.keys(), d.values(), d.items()
print(keys, values, items, len(items), bool(keys))
d["c"] = 3
print(keys, list(values), "c" in keys, ("a", 1) in items, ("a", 2) in items, 3 in values)
for k, v in d.items():
    print(k, v, end="; ")
print()
print(sorted(d.items(), key=lambda kv: -kv[1]), list(zip(d.keys(), d.values())))
owner = {"t": Tracked("value")}
view = owner.values()
del owner
print("dict gone from names, the view keeps it:", list(view))
del view
print("after del view")
try:
    for k in d:
        d[k + "!"] = 0
except RuntimeError as e:
    print("RuntimeError:", e)
s = {1, 2}
try:
    for x in s:
        s.add(x * 10)
except RuntimeError as e:
    print("RuntimeError:", e)
for k in list(d.keys()):
    if k.endswith("!"):
        del d[k]
print(d, sys.getsizeof(d.keys()) > 0)
