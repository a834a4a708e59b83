# sys.getsizeof as CPython 3.11 reports it on a 64-bit machine: lists
# over-allocate as they grow, dicts and sets grow their tables in steps.
import sys
print("ints", [sys.getsizeof(n) for n in (0, 1, 2 ** 30 - 1, 2 ** 30, 2 ** 60, 2 ** 90, -1)])
print("floats", sys.getsizeof(1.5), "bools", sys.getsizeof(True), "None", sys.getsizeof(None))
print("strs", [sys.getsizeof(s) for s in ("", "a", "abc", "é", "€", "😀", "héllo")])
print("tuples", [sys.getsizeof(t) for t in ((), (1,), (1, 2, 3))])
grown = []
sizes = []
for i in range(20):
    grown.append(i)
    sizes.append(sys.getsizeof(grown))
print("append", sizes)
shrinking = list(range(10))
sizes = []
while shrinking:
    shrinking.pop()
    sizes.append(sys.getsizeof(shrinking))
print("pop", sizes)
print("literals", sys.getsizeof([]), sys.getsizeof([1, 2, 3]), sys.getsizeof([1, 2, 3, 4, 5]), sys.getsizeof([1] * 5))
print("list()", [sys.getsizeof(list(range(n))) for n in range(6)])
print("comprehension", [sys.getsizeof([i for i in range(n)]) for n in range(6)])
d = {}
sizes = []
for i in range(12):
    d[i] = i
    sizes.append(sys.getsizeof(d))
print("dict", sys.getsizeof({}), sizes)
print("str keys", sys.getsizeof({"a": 1}), sys.getsizeof(dict(a=1, b=2, c=3, d=4, e=5, f=6)))
s = set()
sizes = []
for i in range(20):
    s.add(i)
    sizes.append(sys.getsizeof(s))
print("set", sys.getsizeof(set()), sizes)
def f():
    pass
class Plain:
    def method(self):
        pass
class Slotted:
    __slots__ = ("a",)
class Failure(Exception):
    pass
print("objects", sys.getsizeof(f), sys.getsizeof(Plain().method), sys.getsizeof(Plain), sys.getsizeof(Slotted), sys.getsizeof(Failure), sys.getsizeof(Failure("x")))
print("iterators", sys.getsizeof(enumerate([])), sys.getsizeof(zip()), sys.getsizeof(map(str, [])), sys.getsizeof(iter({1})), sys.getsizeof(iter([])), sys.getsizeof(range(5)), sys.getsizeof(x for x in []))
print("built-ins", sys.getsizeof(print), sys.getsizeof(sys), sys.getsizeof({}.keys()), sys.getsizeof(frozenset()))
