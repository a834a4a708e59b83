# What fails inside a weak proxy shows no frame of the proxy's: CPython's
# proxies are written in C.
import weakref
class M:
    def __init__(self): self.v = 1
    def __add__(self, o): return 5
m = M(); p = weakref.proxy(m)
print(p.v, p + 1)
try:
    p.missing
except AttributeError as e:
    print(e)
del m
try:
    p.v
except ReferenceError as e:
    print(e)
def f(): return 1
q = weakref.proxy(f); print(q())
del f
q()
