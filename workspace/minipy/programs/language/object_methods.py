# What every class inherits from object: the slot wrappers (__init__,
# __eq__, __hash__, __setattr__, ...) and methods (__sizeof__, __format__),
# and a class's own attribute hooks, which end in object's versions.
class A:
    pass
class B(A):
    def __init__(self, v):
        super().__init__()
        self.v = v
    def __eq__(self, other):
        return isinstance(other, B) and self.v == other.v
    __hash__ = object.__hash__
    def __setattr__(self, name, value):
        super().__setattr__(name, value * 2 if name == "v" else value)
b = B(2)
print(b.v, b == B(2), b != B(2), b != B(3), A() == A(), A() != A())
print(type(A.__init__).__name__, type(A().__init__).__name__, type(object.__sizeof__).__name__)
print(object.__sizeof__, A.__dir__ is object.__dir__, A.__init_subclass__() is None)
print(format(A(), "") .startswith("<__main__.A"), f"{b!r}".startswith("<__main__.B object"))
print(object.__ne__(b, b), object.__eq__(b, 1))
class Tracker:
    def __init__(self):
        object.__setattr__(self, "log", [])
    def __setattr__(self, name, value):
        self.log.append(name)
        object.__setattr__(self, name, value)
    def __delattr__(self, name):
        self.log.append("-" + name)
        super().__delattr__(name)
t = Tracker()
t.a = 1
t.b = 2
del t.a
setattr(t, "c", 3)
delattr(t, "b")
print(t.log, vars(t) if False else sorted(k for k in ("a","b","c") if hasattr(t, k)))
class G:
    def __getattribute__(self, name):
        if name.startswith("x"):
            return name.upper()
        return object.__getattribute__(self, name)
    def __getattr__(self, name):
        return "fallback " + name
    def method(self):
        return "m"
g = G()
print(g.xyz, g.method(), g.missing)
class H:
    def __getattribute__(self, name):
        raise AttributeError(name)
    def __getattr__(self, name):
        return "ga " + name
print(H().anything)
try:
    object.__setattr__(1, "x", 2)
except (TypeError, AttributeError) as e:
    print(type(e).__name__)
class A2: pass
print(A2.__init__, A2.__repr__ is object.__repr__)
a = A2()
print(type(a.__init__).__name__, a.__repr__() == repr(a), a.__eq__(a), a.__ne__(1), a.__hash__() == hash(a))
print(a.__str__() == str(a), a.__class__ is A2, a.__sizeof__() > 0)
print(type(a.__repr__).__name__)
