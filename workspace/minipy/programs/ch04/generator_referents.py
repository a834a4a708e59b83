# A generator holds its function until it finishes (CPython 3.11's frame
# keeps f_func), and gc.get_referents of a generator lists what
# gen_traverse visits: its code and names, then its frame's object,
# function, code, locals and value stack.
import gc, sys
def names(objects):
    return [type(x).__name__ for x in objects]
def gen(n):
    total = []
    for i in range(n):
        yield i
g = gen(2)
print(names(gc.get_referents(g)))
next(g)
print(names(gc.get_referents(g)))
g.gi_frame
print(names(gc.get_referents(g)))
list(g)
print(names(gc.get_referents(g)))
print(sys.getrefcount(gen))
h = gen(1)
print(sys.getrefcount(gen))
del h
print(sys.getrefcount(gen))
k = gen(3)
next(k)
k.close()
print(sys.getrefcount(gen), names(gc.get_referents(k)))
