# Classes derived from list and dict: their instances are lists and dicts
# for every operation the class does not override.
class Stack(list):
    def push(self, x):
        self.append(x)
    def peek(self):
        return self[-1]
s = Stack()
s.push(1); s.push(2)
print(s.peek(), len(s), s, list(s), 2 in s, bool(s), s == [1, 2], isinstance(s, list), type(s).__name__)
s.extend([3, 4])
print(s.pop(), s[0], s[1:], sorted(s, reverse=True))
for x in s:
    print(x, end=" ")
print()
s[0] = 10
del s[1]
print(s, s.count(10), s.index(3))
class D(dict):
    def __missing__(self, key):
        return key * 2
d = D(a=1)
d["b"] = 2
print(d["a"], d["b"], d["zz"], len(d), sorted(d.keys()), "a" in d, d, d.get("q", 0))
class Named(list):
    def __init__(self, name, items):
        super().__init__(items)
        self.name = name
n = Named("n", [3, 1, 2])
n.sort()
print(n.name, n, len(n))
class L(list): pass
class D(dict): pass
for f in (lambda: hash(L()), lambda: hash(D()), lambda: {L(): 1}):
    try:
        f()
    except TypeError as e:
        print("TypeError:", e)
print(L([1]) < L([2]), L([1, 2]) > [1], sorted([L([2]), L([1])]))
print(list(reversed(L([1, 2, 3]))), L([1, 2, 3])[::-1], max(L([4, 9])), sum(L([1, 2])))
class S(list):
    __slots__ = ("extra",)
s = S([1])
s.extra = 5
try:
    s.other = 1
except AttributeError as e:
    print(e)
print(s, s.extra)
d = D(a=1, b=2)
print(d.pop("a"), d.setdefault("c", 3), d, d.popitem(), len(d))
d.update(z=26)
d.update({"y": 25})
print(d, {**d, "w": 0}, dict(d, q=1))
del d["z"]
print(d, list(d), [k for k in d])
class Rev(list):
    def __iter__(self):
        return iter(sorted(super().__iter__(), reverse=True))
r = Rev([1, 3, 2])
print(list(r), [x for x in r], r, len(r))
class Len(list):
    def __len__(self):
        return 0
print(bool(Len([1])), len(Len([1])), bool(L([1])), bool(L()))
print(repr(L()), repr(D()), str(L([L([1])])), f"{D(k=L())}")
print(L("abc").count("a"), L([1]) * 3, 3 * L([1]), L([1]) + L([2]), type(L([1]) + L([2])).__name__)
e = L([1]); e *= 2; print(e, type(e).__name__)
import sys
print(sys.getsizeof(L()) == sys.getsizeof([]) + 16 or sys.getsizeof(L()))
class L(list):
    def __new__(cls, *args):
        print("new", args)
        return super().__new__(cls)
l = L([1, 2])
print(l, len(l))
class D(dict):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.made = True
d = D({"a": 1}, b=2)
print(d, d.made)
try:
    L([1], [2])
except TypeError as e:
    print(e)
try:
    class Bad(list, dict): pass
except TypeError as e:
    print(e)
