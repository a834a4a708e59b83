# Sets: literals, set(), comprehensions, membership, algebra, and the
# iteration order CPython's hash table gives small ints.
import sys
s = {3, 1, 2}
print(s, len(s), 2 in s, 5 not in s)
s.add(10)
s.add(1)
s.discard(3)
s.discard(99)
print(s, sorted(s))
try:
    s.remove(42)
except KeyError as e:
    print("KeyError", e)
print(set(), set([5, 5, 6]), set("aab") == {"a", "b"}, {x % 4 for x in range(10)})
a, b = {1, 2, 3, 4}, {3, 4, 5}
print(a | b, a & b, a - b, a ^ b)
print(a.union([9]), a.intersection(b), a.difference(b), a.issubset(a | b), b <= a, {3} < b)
print({100, 7, 64, 8, 1}, {-1, -2, 0}, set(range(20, 0, -3)))
print({i * 8 for i in range(6)})
print(frozenset([1, 2]), {frozenset([1]): "ok"}[frozenset([1])])
print(sys.getsizeof(set()), sys.getsizeof({1, 2, 3, 4}), sys.getsizeof({1, 2, 3, 4, 5}), sys.getsizeof(set(range(5))))
copy = a.copy()
copy.clear()
print(copy, a, bool(copy), bool(a))
seen = set()
for word in "the cat and the hat and the bat".split():
    if word in seen:
        continue
    seen.add(word)
print(len(seen))
d = {k: v for k, v in zip("abc", range(3))}
print(d, {v: k for k, v in d.items()})
print({(1, 2), (1, 2), (2, 1)} == {(2, 1), (1, 2)})
print(sorted({1.5, 2, 2.0, True}))
print({-1, -2, 5, 2 ** 64, 2 ** 61}, {0.5, 1.5, 2.5, 0.1, 100.25}, {-1, -2, 5, 2 ** 64, 2 ** 61 + 0})
print(sys.getsizeof([-1, -2, -3]), sys.getsizeof([1 + 1, 2, 3]), sys.getsizeof([(1, 2), (3, 4), (5, 6)]))
