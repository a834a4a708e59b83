# Printing a container that holds itself: CPython marks the inner one
# [...], (...) or {...} (Py_ReprEnter), and a user __repr__ that goes
# through such a container stops there too.
l = []
l.append(l)
print(l, repr(l), str([l]))
d = {}
d["d"] = d
print(d)
t = ([],)
t[0].append(t)
print(t)
a = [1]; b = [a, a]; a.append(b)
print(a, b)
import collections
q = collections.deque([1])
q.append(q)
print(q)
s = {1, 2}
print([s, s])
class N:
    def __init__(self): self.x = [self]
    def __repr__(self): return f"N({self.x})"
try:
    print(N())
except RecursionError as e:
    print("RecursionError", e)
dd = {}
dd[1] = [dd]
print(dd, f"{dd!r}", "%r" % (dd,), str(dd))
