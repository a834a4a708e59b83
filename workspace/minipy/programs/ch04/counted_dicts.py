# minipy: min-stage=cycles
# What gc.collect() counts: an instance's dict once made (by a 30th name or
# by dir()), and the __dict__ of a static or class method of a function.
import gc
class A: pass
a = A()
for i in range(29): setattr(a, f"k{i}", i)
a.me = a
del a
print(gc.collect())
class B: pass
b = B()
for i in range(28): setattr(b, f"k{i}", i)
b.me = b
del b
print(gc.collect())
class D:
    def __init__(self): self.x = 1
d = D(); d.me = d; dir(d); del d
print(gc.collect())
class K:
    @staticmethod
    def s(): pass
    @classmethod
    def c(cls): pass
del K
print(gc.collect())
class K:
    s = staticmethod(len)
    c = classmethod(len)
del K
print(gc.collect())
x = staticmethod(lambda: 1)
