# reversed(list) is a live view of the list (it holds it, and sees later changes), and each iterator has CPython's type name.
import sys
l = [1, 2, 3]
r = reversed(l)
print(sys.getrefcount(l), type(r).__name__)
l[0] = 100
print(list(r), list(r))
l2 = [1, 2, 3]
r2 = reversed(l2)
print(next(r2))
del l2[1:]
print(list(r2))
l3 = [1, 2]
r3 = reversed(l3)
l3.append(9)
print(list(r3))
print(type(iter([])).__name__, type(iter(())).__name__, type(iter({})).__name__, type(iter({}.values())).__name__, type(iter({}.items())).__name__)
