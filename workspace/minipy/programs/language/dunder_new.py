# minipy: min-stage=refcount
# __new__ makes the object and __init__ fills it in; a singleton keeps its
# one instance alive in a class attribute.
class Singleton:
    _instance = None
    def __new__(cls, *args):
        if cls._instance is None:
            print("creating the instance")
            cls._instance = super().__new__(cls)
        return cls._instance
    def __init__(self, value):
        print("init with", value)
        self.value = value
    def __del__(self):
        print("free singleton")

a = Singleton(1)
b = Singleton(2)
print(a is b, a.value, b.value)
del a, b
print("both names gone; the class still holds it")

class Point:
    __slots__ = ("x", "y")
    def __new__(cls, x, y):
        obj = object.__new__(cls)
        obj.x = x
        return obj
    def __init__(self, x, y):
        self.y = y
p = Point(1, 2)
print(p.x, p.y)

class NotMine:
    def __new__(cls):
        return 42
    def __init__(self):
        print("never runs")
print(NotMine())
Singleton._instance = None
print("end")
