# What happens when a class is made, and descriptors written in Python: class
# keywords for __init_subclass__, metaclass=ABCMeta, __set_name__, __class_getitem__,
# data descriptors (which win over the instance's dict) and non-data ones.
from abc import ABCMeta, abstractmethod
class Registry:
    plugins = []
    def __init_subclass__(cls, /, tag="none", **kwargs):
        super().__init_subclass__(**kwargs)
        print("registered", cls.__name__, tag)
        Registry.plugins.append(cls.__name__)
class A(Registry, tag="a"): pass
class B(A): pass
print(Registry.plugins)
try:
    class Bad(object, flag=1): pass
except TypeError as e:
    print("TypeError:", e)
class Named:
    def __set_name__(self, owner, name):
        print("set_name", owner.__name__, name)
        self.name = name
    def __get__(self, obj, owner=None):
        return self if obj is None else f"<{self.name} of {type(obj).__name__}>"
class Holder:
    first = Named()
    second = Named()
print(Holder().first, Holder.second.name)
class Shape(metaclass=ABCMeta):
    @abstractmethod
    def area(self): ...
try:
    Shape()
except TypeError as e:
    print(e)
class Square(Shape):
    def area(self): return 4
print(Square().area())
class T(metaclass=type): pass
print(T.__name__)
class G:
    def __class_getitem__(cls, item):
        return f"{cls.__name__}[{item.__name__}]"
print(G[int])
class Val:
    def __init__(self): self.store = {}
    def __get__(self, obj, owner=None):
        if obj is None: return self
        return self.store.get(id(obj), "unset")
    def __set__(self, obj, value):
        print("validating", value)
        self.store[id(obj)] = value
    def __delete__(self, obj):
        print("deleting"); self.store.pop(id(obj))
class P:
    v = Val()
p = P()
print(p.v)
p.v = 3
p.__dict__["v"] = "shadow"
print(p.v)
del p.v
print(p.v, type(P.v).__name__)
class NonData:
    def __get__(self, obj, owner=None): return "computed"
class Q:
    nd = NonData()
q = Q()
print(q.nd)
q.nd = "own"
print(q.nd, Q.nd)
