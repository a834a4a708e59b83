# A tuple or frozenset that an operation would copy unchanged is handed back
# itself in CPython 3.11, since nothing can tell the two apart; a list never is.
t = (1, 2, 3)
print(t[:] is t, t * 1 is t, tuple(t) is t, t + () is t, () + t is t, t[::-1][::-1] is t)
l = [1, 2]
print(l[:] is l, list(l) is l, l * 1 is l)
f = frozenset([1, 2])
print(frozenset(f) is f, f.copy() is f)
