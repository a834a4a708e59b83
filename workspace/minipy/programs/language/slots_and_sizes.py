# minipy: min-stage=refcount
# __slots__ instances have no __dict__: they are smaller and refuse new
# attributes; a recursive getsizeof walks containers.
import sys

class Slotted:
    __slots__ = ("x", "y")
    def __init__(self, x, y):
        self.x = x
        self.y = y

class Plain:
    def __init__(self, x, y):
        self.x = x
        self.y = y

class SlottedChild(Slotted):
    __slots__ = ("z",)

print(sys.getsizeof(Slotted(1, 2)), sys.getsizeof(Plain(1, 2)), sys.getsizeof(SlottedChild(1, 2)))
s = Slotted(1, 2)
s.x = 10
print(s.x, s.y)
try:
    s.z = 3
except AttributeError as e:
    print("AttributeError:", e)

def deep_size(obj, seen=None):
    if seen is None:
        seen = set()
    if id(obj) in seen:
        return 0
    seen.add(id(obj))
    size = sys.getsizeof(obj)
    if isinstance(obj, dict):
        size += sum(deep_size(k, seen) + deep_size(v, seen) for k, v in obj.items())
    elif isinstance(obj, (list, tuple, set, frozenset)):
        size += sum(deep_size(i, seen) for i in obj)
    return size

data = {"numbers": list(range(100)), "names": ["a" * i for i in range(10)], "nested": {"t": (1, 2, 3)}}
print("deep size", deep_size(data))
print(f"{'type':<8}{'size':>6}")
for name, obj in [("int", 1), ("float", 1.0), ("str", "hello"), ("list", []), ("dict", {}), ("tuple", ()), ("set", set())]:
    print(f"{name:<8}{sys.getsizeof(obj):>6}")
