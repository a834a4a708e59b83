# A subclass of list or dict copies with its items after its state, through
# its own append and __setitem__, as copy._reconstruct does.
import copy
class L(list):
    def append(self, x):
        super().append(x * 10)
class D(dict):
    pass
l = L(); list.append(l, 1); list.append(l, [2])
l.tag = "t"
c = copy.copy(l); dc = copy.deepcopy(l)
print(c, dc, type(c).__name__, c.tag, dc[1] is l[1], c[1] is l[1])
d = D(a=[1]); d.n = 5
c = copy.copy(d); dc = copy.deepcopy(d)
print(c, dc, type(dc).__name__, dc.n, dc["a"] is d["a"], c["a"] is d["a"])
