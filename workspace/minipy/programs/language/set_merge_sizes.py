# A union copies its left set and merges the right one in, each merge making
# room first, as set_merge does; so do |= and update with a set or a dict.
import sys
a, b = set(range(10)), set(range(5, 15))
print(sys.getsizeof(a | b), sys.getsizeof(a.union(b)), sys.getsizeof(b | a), sorted(a | b) == sorted(set(range(15))))
print(sys.getsizeof({1} | {2}), sys.getsizeof(set() | set()), sys.getsizeof(frozenset({1, 2}) | {3}), type(frozenset() | set()).__name__)
s = set(range(3)); s |= set(range(100)); print(sys.getsizeof(s))
print(sys.getsizeof(a & b), sys.getsizeof(a - b), sys.getsizeof(a ^ b))
s=set(range(3))
s.update(range(100))
print(sys.getsizeof(s))
t=set(range(3)); t.update(set(range(100))); print(sys.getsizeof(t))
u=set(); u.update([1,2,3,4,5,6,7,8,9]); print(sys.getsizeof(u))
s=set(range(3))
s.update(dict.fromkeys(range(100)))
print(sys.getsizeof(s))
