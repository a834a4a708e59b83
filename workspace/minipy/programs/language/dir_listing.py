# dir() of instances and classes lists what CPython lists: object's
# attributes, the class hierarchy's and the instance's own.
import math
class A:
    x = 1
    def m(self):
        pass
class B(A):
    __slots__ = ()
    def n(self):
        pass
a = A()
a.y = 2
print(dir(a))
print(dir(A) == [n for n in dir(a) if n != "y"], [n for n in dir(B()) if not n.startswith("_")])
print([n for n in dir([]) if not n.startswith("_")], [n for n in dir({}) if not n.startswith("_")])
