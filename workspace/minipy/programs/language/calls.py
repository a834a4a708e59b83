# minipy: min-stage=refcount
# Calls: keyword arguments, *args, **kwargs, keyword-only parameters,
# unpacking at call sites, lambdas and decorators.
class Tracked:
    def __init__(self, name):
        self.name = name
    def __repr__(self):
        return f"Tracked({self.name!r})"
    def __del__(self):
        print("  free", self.name)

def describe(a, b=2, *rest, scale=1, **options):
    return a * scale, b, rest, sorted(options.items())

print(describe(1))
print(describe(1, 3, 4, 5, scale=10, x=1, y=2))
print(describe(b=7, a=1))
args = (1, 2, 3)
opts = {"scale": 3, "flag": True}
print(describe(*args, **opts))
print(describe(*[5], *(6, 7), **{"z": 0}, w=1))

def only_keywords(*, width, height=2):
    return width * height
print(only_keywords(width=4), only_keywords(width=4, height=5))

for bad in [lambda: describe(), lambda: only_keywords(3), lambda: describe(1, a=2),
            lambda: only_keywords(width=1, depth=2), lambda: (lambda x, y: 0)(1, 2, 3)]:
    try:
        bad()
    except TypeError as e:
        print("TypeError:", e)

square = lambda x: x * x
print(square(7), (lambda *a, **k: (a, k))(1, 2, k=3))
print(sorted(["bb", "a", "ccc"], key=lambda s: -len(s)))

print("the *args tuple lives as long as the call:")
def hold(*items):
    print("  in call, items:", len(items))
    return "done"
print(hold(Tracked("t1"), Tracked("t2")))
print("after call")

def shout(fn):
    def wrapper(*a, **k):
        print("  calling", fn.__name__)
        return fn(*a, **k).upper()
    return wrapper

@shout
def greet(name, punctuation="!"):
    return "hello " + name + punctuation
print(greet("ada"), greet("bob", punctuation="?"))

def repeat(times):
    def decorate(fn):
        def wrapper(*a):
            return [fn(*a) for _ in range(times)]
        return wrapper
    return decorate

@repeat(3)
def one():
    return 1
print(one())

print("a lambda's default keeps its object alive:")
keeper = lambda t=Tracked("default"): t.name
print(keeper())
del keeper
print("after del keeper")
