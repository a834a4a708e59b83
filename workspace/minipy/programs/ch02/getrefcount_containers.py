# minipy: min-stage=refcount
# Each container slot holding x is one more reference.
import sys
x = []
l = [x, x, x]
print(sys.getrefcount(x))
t = (x,)
print(sys.getrefcount(x))
d = {"k": x}
print(sys.getrefcount(x))
l.pop()
print(sys.getrefcount(x))
d.clear()
print(sys.getrefcount(x))
class C:
    pass
c = C()
c.a = x
c.b = x
print(sys.getrefcount(x))
del c
print(sys.getrefcount(x))
