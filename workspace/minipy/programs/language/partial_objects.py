# functools.partial's attributes and repr, and a partial of a partial,
# which CPython 3.11 flattens into one.
import functools
p = functools.partial(int, base=2)
print(p.func, p.args, p.keywords)
print(repr(p), p("101"))
def add(a, b, c=0, d=0):
    return a + b + c + d
q = functools.partial(add, 1, c=3)
print(q(2), q.args, q.keywords)
print(repr(q).split(" at ")[0])
r = functools.partial(q, 2, c=4, d=5)
print(r(), r.func is add, r.args, r.keywords)
print(repr(functools.partial(print, "x", [1, (2,)], sep="-")))
