# minipy: min-stage=refcount
# A function's locals are released when it returns: parameters first, then
# the other locals in the order the compiler first met them
# (f.__code__.co_varnames). Rebinding or deleting a local releases its
# object at once; a returned object survives the call.


class D:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("  del", self.name)


def f(p, q):
    z = D("z")
    a = D("a")
    m = D("m")
    print("  returning from f")


print("f(D('p'), D('q'))")
f(D("p"), D("q"))


def g():
    b = D("b")
    a = D("a")
    del b
    print("  after del b")
    a = D("a2")
    print("  after a = D('a2')")
    kept = D("kept")
    return kept


print("k = g()")
k = g()
print("g returned", k.name)
del k
print("end")
