# minipy: min-stage=generations
# A tuple the compiler folds into a constant (CPython 3.11's AST optimizer
# and peephole pass) belongs to the code object, not to the line that runs:
# a collection untracks it like any tuple of atoms, and every def shares it.
import gc

gc.collect()
t = (1, "a") + (2,)
print(t, (1,) * 3, 3 * (1, 2))
gc.collect()
print(gc.is_tracked(t))


def g(x=1, y=(2, 3)):
    return x, y


print(g(), g.__defaults__)
print((1,) * 300 == (1,) * 300, len((0,) * 257))
before = gc.get_count()[0]


def h(a=1, b="two"):
    pass


print(gc.get_count()[0] - before)
