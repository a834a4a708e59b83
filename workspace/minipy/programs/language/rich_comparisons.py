# Rich comparisons return whatever the method returns; `in`, `index` and
# friends take its truth.
class Vec:
    def __init__(self, *xs):
        self.xs = xs
    def __eq__(self, other):
        return Vec(*[a == b for a, b in zip(self.xs, other.xs)])
    def __lt__(self, other):
        return "less?"
    def __repr__(self):
        return f"Vec{self.xs}"
    def __bool__(self):
        return all(self.xs)

a, b = Vec(1, 2, 3), Vec(1, 0, 3)
print(a == b)
print(a < b)
print(type(a == b).__name__)
print(a > b)          # reflected: b.__lt__(a)
print(a in [b], a in [a])
print([a, b].index(b))
r = a == a
print(r, bool(r))
print(not (a == b))

class Never:
    def __eq__(self, other):
        return NotImplemented
n = Never()
print(n == n, n == 1, n != n)
class Odd:
    def __eq__(self, other):
        return 0
    def __ne__(self, other):
        return "maybe"
o = Odd()
print(o == o, o != o, o == 1)
x = 1 < 2 < Vec(5)
print(x)
try:
    Vec(1) <= Vec(2)
except TypeError as e:
    print(e)
