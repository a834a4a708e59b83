# Exercises every path that takes and drops references; run twice with
# different iteration counts, the heap must end the same size.
class C:
    def __init__(self, v):
        self.v = v
    def get(self):
        return self.v
def f(a, b=[]):
    x = [a, a]
    y = {"k": x}
    return len(y["k"])
def g():
    raise ValueError("x")
def mk(n):
    def inner():
        return n
    return inner
for i in range(int(ITERATIONS)):
    c = C(i)
    c.get()
    m = c.get
    m()
    f(i)
    try:
        g()
    except ValueError as e:
        s = str(e)
    h = mk(i)
    h()
    l = [j for j in range(5)]
    t = (i, str(i), [i])
    d = dict(a=1) if False else {"a": i}
    del d["a"]
    s = f"{i} {i:.1f}" if False else f"{i}"
    for k, v in enumerate([1, 2]):
        pass
    z = sorted([3, 1, 2], key=lambda q: -q)
    w = list(zip([1], [2]))
    sl = l[1:3]
    l[0] += 1
    c.v += 1
    with open("/proc/self/status") as fh:
        fh.readline()
c = m = h = l = t = z = w = sl = e = s = None
