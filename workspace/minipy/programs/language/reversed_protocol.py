# reversed(): a lazy iterator over __len__ and __getitem__ (or __reversed__), and the built-in sequences; anything else is not reversible.
class T:
    def __len__(self): return 3
    def __getitem__(self, i):
        print("get", i)
        return i * 5
r = reversed(T())
print("made")
print(next(r), list(r))
class R:
    def __reversed__(self): return iter("cba")
print(list(reversed(R())))
class E:
    def __len__(self): return 4
    def __getitem__(self, i):
        if i == 2: raise IndexError(i)
        return i
print(list(reversed(E())))
print(list(reversed([1, 2, 3])), list(reversed((1, 2))), list(reversed("ab")), list(reversed(range(3))), list(reversed({"a": 1, "b": 2})))
try:
    reversed(object())
except TypeError as e:
    print(e)
import collections
print(list(reversed(collections.deque([1, 2]))), list(reversed(b"ab")), list(reversed({1: 2}.keys())))
