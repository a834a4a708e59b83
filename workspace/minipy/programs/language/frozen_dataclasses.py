# Frozen dataclasses: hashable by their fields, and their fields cannot be
# assigned or deleted (dataclasses.FrozenInstanceError, an AttributeError).
from dataclasses import dataclass, FrozenInstanceError
@dataclass(frozen=True)
class P:
    x: int
    y: int = 0
p = P(1, 2)
print(p, hash(p) == hash(P(1, 2)), p == P(1, 2), {p: 1}[P(1, 2)])
try:
    p.x = 5
except FrozenInstanceError as e:
    print(type(e).__name__, e, isinstance(e, AttributeError))
try:
    del p.y
except AttributeError as e:
    print(e)
@dataclass
class M:
    a: int
m = M(1)
m.a = 2
print(m)
try:
    hash(m)
except TypeError as e:
    print(e)
