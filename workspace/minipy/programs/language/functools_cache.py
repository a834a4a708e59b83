# minipy: min-stage=refcount
# functools: a cache keeps every argument and result it has seen alive
# until it evicts them or is cleared; wraps copies a function's identity.
import functools
from functools import lru_cache, reduce, partial, wraps

class Tracked:
    def __init__(self, name):
        self.name = name
    def __repr__(self):
        return f"T({self.name})"
    def __del__(self):
        print("  free", self.name)

@lru_cache(maxsize=2)
def make(name):
    print("  computing", name)
    return Tracked(name)

a = make("a")
b = make("b")
a2 = make("a")
print(a is a2, make.cache_info())
del a, a2, b
print("names gone; the cache still holds a and b")
make("c")
print("c evicted the least recently used entry", make.cache_info().currsize)
make.cache_clear()
print("after cache_clear", make.cache_info())

@functools.cache
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
print(fib(80), fib.cache_info().hits, fib.cache_info().misses)

def logged(fn):
    @wraps(fn)
    def wrapper(*args, **kwargs):
        print("  calling", fn.__name__)
        return fn(*args, **kwargs)
    return wrapper

@logged
def add(x, y=0):
    return x + y
print(add(1, y=2), add.__name__, add.__qualname__, add.__wrapped__(5))
double = partial(lambda x, factor: x * factor, factor=2)
print(double(21), reduce(lambda acc, v: acc * v, range(1, 6)), reduce(max, [3, 9, 2], 0))
def counter():
    counter.calls += 1
    return counter.calls
counter.calls = 0
counter(); counter()
print(counter.calls, callable(make), callable(double))
