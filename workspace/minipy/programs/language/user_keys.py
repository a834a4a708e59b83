# Instances whose class defines __eq__ and __hash__ as dict keys and set
# members: equal keys are one key (the first one stays), __eq__ is asked
# only of stored keys with the same hash; dataclasses' hash rules.
class P:
    def __init__(self, x, y): self.x, self.y = x, y
    def __eq__(self, o): return isinstance(o, P) and (self.x, self.y) == (o.x, o.y)
    def __hash__(self): return hash((self.x, self.y))
    def __repr__(self): return f"P({self.x}, {self.y})"
s = {P(1, 2), P(1, 2), P(3, 4)}
print(len(s), P(1, 2) in s, P(5, 5) in s)
d = {P(1, 2): "a"}
d[P(1, 2)] = "b"
print(d, d[P(1, 2)], d.get(P(9, 9)))
del d[P(1, 2)]
print(d)
print(sorted([P(2, 1), P(1, 2)], key=lambda p: p.x))
from collections import Counter
from dataclasses import dataclass
class P2:
    def __init__(self, x, y): self.x, self.y = x, y
    def __eq__(self, o): return isinstance(o, P2) and (self.x, self.y) == (o.x, o.y)
    def __hash__(self): return hash((self.x, self.y))
    def __repr__(self): return f"P2({self.x}, {self.y})"
a, b, c = P2(1, 2), P2(1, 2), P2(3, 4)
s = {a, c}
print(b in s, len(s | {b}), len(s & {b}), s - {b}, {b} <= s, s.isdisjoint({P2(9, 9)}))
s.add(b)
print(len(s), [x is a for x in s if x == b])
s.discard(P2(1, 2))
print(s)
fs = frozenset([a, b, c])
print(len(fs), P2(3, 4) in fs)
d = {}
d[a] = 1
d[b] = 2
print(len(d), d[P2(1, 2)], list(d)[0] is a, d.get(P2(3, 4), "none"))
print(d.setdefault(P2(1, 2), 9), d.setdefault(P2(5, 6), 7), d.pop(P2(5, 6)), P2(1, 2) in d, P2(1, 2) in d.keys())
print((P2(1, 2), 2) in d.items())
d.update({P2(1, 2): 10})
print(d)
cnt = Counter([P2(1, 1), P2(1, 1), P2(2, 2)])
print(cnt[P2(1, 1)], len(cnt))
class Big:
    def __eq__(self, o): return True
    def __hash__(self): return 2**70
print(hash(Big()) == hash(2**70), len({Big(), Big()}))
class MinusOne:
    def __hash__(self): return -1
print(hash(MinusOne()))
class Bad:
    def __hash__(self): return "x"
try:
    {Bad()}
except TypeError as e:
    print("TypeError:", e)
class NoHash:
    def __eq__(self, o): return True
try:
    {NoHash()}
except TypeError as e:
    print("TypeError:", e)
class NoneHash:
    __hash__ = None
try:
    hash(NoneHash())
except TypeError as e:
    print("TypeError:", e)
class OnlyHash:
    def __hash__(self): return 42
o1, o2 = OnlyHash(), OnlyHash()
print(len({o1, o2}), hash(o1), {o1: 1}.get(o2))
@dataclass(frozen=True)
class F:
    x: int
print(len({F(1), F(1), F(2)}), F(1) in {F(1)})
@dataclass(eq=True, unsafe_hash=True)
class U:
    x: int
print(len({U(1), U(1)}))
class Loud:
    def __init__(self, k): self.k = k
    def __eq__(self, o):
        print("eq", self.k, o.k)
        return self.k == o.k
    def __hash__(self): return 0
ds = {Loud(1): "a", Loud(2): "b"}
print(ds[Loud(2)])
