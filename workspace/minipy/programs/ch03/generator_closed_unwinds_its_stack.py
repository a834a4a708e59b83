# minipy: min-stage=refcount
# A suspended generator freed by del is closed: GeneratorExit unwinds its
# value stack from the top, the finally block runs, then the locals go.
class D:
    def __init__(self, n): self.n = n
    def __del__(self): print("del", self.n)
def gen2():
    a = D("local a2")
    b = D("local b2")
    yield [D("t1"), D("t2"), (yield 5)]
g = gen2(); next(g); del g
print("--")
def gen3():
    a = D("local a3")
    try:
        yield [D("u1"), D("u2"), (yield 5)]
    finally:
        print("finally")
g = gen3(); next(g); del g
