# Everyday Python a memory program leans on: collections, formatting,
# exceptions' messages, builtins, unpacking, sys.version_info.
import gc, sys
from collections import OrderedDict, defaultdict, deque, Counter
cache = OrderedDict()
for i in range(5):
    cache[i] = str(i)
    if len(cache) > 3:
        cache.popitem(last=False)
print(cache, list(cache.keys()))
dd = defaultdict(list)
dd["a"].append(1)
print(dict(dd), deque([1, 2, 3], maxlen=2))
print(Counter("hello").most_common(2))
print(sorted({3: "c", 1: "a"}.items()), max([1, 5, 3]), sum(x * x for x in range(10)))
print("%5.2f|%-4s|%03d" % (3.14159, "ab", 7), "{:>6}".format("x"), f"{255:#x} {3.5:.1e}")
print(list(map(lambda t: t[0] * t[1], zip([1, 2], [3, 4]))), any([]), all([]))
class Stack:
    def __init__(self): self._items = []
    def push(self, x): self._items.append(x); return self
    def __len__(self): return len(self._items)
    def __iter__(self): return iter(reversed(self._items))
    def __repr__(self): return f"Stack({self._items!r})"
s = Stack().push(1).push(2)
print(s, len(s), list(s))
try:
    {}["missing"]
except KeyError as e:
    print("KeyError", e)
try:
    [].pop()
except IndexError as e:
    print(e)
try:
    int("x")
except ValueError as e:
    print(e)
print(isinstance(s, Stack), issubclass(bool, int), type(s).__name__, Stack.__name__)
print(divmod(17, 5), pow(2, 10, 1000), round(2.675, 2), abs(-3), hex(255), bin(5), chr(65), ord("a"))
print("a,b,,c".split(","), " x ".strip(), "abc".upper(), "-".join(["a", "b"]), "abc"[::-1], "hello world".title())
nums = [5, 2, 9]
nums.sort(reverse=True)
print(nums, sorted("bca"), list(enumerate("ab", 1)), [*range(3)], {**{"a": 1}, "b": 2})
a, *rest = [1, 2, 3]
print(a, rest)
print(sys.version_info[:2] >= (3, 8), type(gc.collect()).__name__)
