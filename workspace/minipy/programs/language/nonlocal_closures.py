# minipy: min-stage=refcount
# nonlocal: an inner function rebinding a variable of the enclosing one
# (through the shared cell); a closure keeps what its cells hold alive.
class Tracked:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("  free", self.name)

def counter(start=0):
    count = start
    def increment(step=1):
        nonlocal count
        count += step
        return count
    def reset():
        nonlocal count
        count = start
    return increment, reset

inc, reset = counter(10)
print(inc(), inc(), inc(5))
reset()
print(inc())

def make_accumulator():
    total = []
    def add(x):
        total.append(x)
        return sum(total)
    return add
acc = make_accumulator()
print(acc(1), acc(2), acc(3))

def outer():
    x = "outer"
    def middle():
        def inner():
            nonlocal x
            x = "changed by inner"
        inner()
        return x
    return middle()
print(outer())

def keep(obj):
    return lambda: obj.name
getter = keep(Tracked("captured"))
print("closure made:", getter())
getter = None
print("after dropping the closure")

def scopes():
    value = "local"
    def read():
        return value
    value = "rebound"
    return read()
print(scopes())
