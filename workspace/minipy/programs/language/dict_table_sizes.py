# A dict's key table never shrinks when keys are deleted; clear() drops it.
import sys
d = {i: i for i in range(100)}
print(sys.getsizeof(d))
for i in range(100):
    del d[i]
print(len(d), sys.getsizeof(d))
d[0] = 0
print(sys.getsizeof(d))
e = {}
for i in range(10):
    e[i] = i
    del e[i]
print(len(e), sys.getsizeof(e))
f = {"a": 1, "b": 2, "c": 3, "d": 4, "e": 5, "f": 6}
print(sys.getsizeof(f))
f.clear()
print(sys.getsizeof(f))
g = dict.fromkeys(range(50))
for k in list(g)[:45]:
    g.pop(k)
print(len(g), sys.getsizeof(g))
h = {}
print(sys.getsizeof(h))
h["x"] = 1
print(sys.getsizeof(h))
