# sys.getsizeof asks a class's own __sizeof__, and adds what sits in front of
# the instance: the collector's header, and the dict and weakref words.
import sys
class Big:
    def __sizeof__(self):
        return 100
class Child(Big):
    pass
class Bad:
    def __sizeof__(self):
        return -1
class Wrong:
    def __sizeof__(self):
        return "x"
class Slotted:
    __slots__ = ("a",)
    def __sizeof__(self):
        return object.__sizeof__(self) + 1000 if False else 1000
print(sys.getsizeof(Big()), sys.getsizeof(Child()), sys.getsizeof(Slotted()))
for obj in (Bad(), Wrong()):
    try:
        print(sys.getsizeof(obj))
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)
print(sys.getsizeof(Wrong(), 7))
print(sys.getsizeof([], 7), sys.getsizeof(object()))
