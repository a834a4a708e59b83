# minipy: min-stage=refcount
# Generators: a generator object owns its suspended frame, so its locals
# stay alive until it finishes (or is freed).
class Tracked:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("  free", self.name)

def countdown(n):
    print("  start", n)
    while n > 0:
        yield n
        n -= 1
    print("  done")
    return "finished"

gen = countdown(3)
print("made", type(gen).__name__)
print(next(gen))
for value in gen:
    print("got", value)
print(next(gen, "default"))
try:
    next(gen)
except StopIteration as e:
    print("StopIteration", e.args)

def holder():
    t = Tracked("local")
    yield 1
    print("  resumed")
    yield 2
    print("  finishing")

g = holder()
print(next(g))
print("suspended: the local is alive")
print(next(g))
print(list(g))
print("after the generator finished")

g = holder()
next(g)
print("dropping a suspended generator")
del g
print("after del")

print(sum(x * x for x in range(10)), max(len(w) for w in ["a", "abc"]))
print(list(x for x in range(10) if x % 3 == 0))

def numbers():
    for i in range(3):
        print("  produce", i)
        yield i
for i, v in enumerate(numbers()):
    print("consume", i, v)
for a, b in zip(numbers(), "xyz"):
    print("pair", a, b)
print(list(map(lambda v: v * 10, numbers())))
print(list(filter(None, [0, 1, "", "a", None])))

def echo():
    received = yield "ready"
    while True:
        received = yield f"echo {received}"
e = echo()
print(next(e), e.send("hi"), e.send(42))

def delegate():
    yield "first"
    yield from range(2)
    yield from numbers()
print(list(delegate()))

def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b
f = fib()
print([next(f) for _ in range(12)])
g = (t for t in [Tracked("in list")])
print("genexpr made")
print(next(g).name)
del g
print("end")

def guarded():
    try:
        yield 1
        yield 2
    finally:
        print("  finally runs")
g = guarded()
print(next(g))
print("dropping it runs its finally block:")
g = None
print("after")
for v in guarded():
    print("loop", v)
    break
print("after break")
def stubborn():
    try:
        yield 1
    except GeneratorExit:
        print("  caught GeneratorExit")
        raise
s = stubborn()
next(s)
s.close()
print("closed")
def worker():
    total = 0
    while True:
        try:
            value = yield total
            total += value
        except ValueError as e:
            print("  worker saw", e)
            total = 0
w = worker()
next(w)
print(w.send(5), w.send(7), w.throw(ValueError("reset")), w.send(1))
def fragile():
    yield 1
    yield 2
f = fragile()
next(f)
try:
    f.throw(KeyError("k"))
except KeyError as e:
    print("propagated", e)
print(list(f))
fresh = fragile()
try:
    fresh.throw(RuntimeError)
except RuntimeError as e:
    print("fresh", repr(e))
print(list(fresh))
