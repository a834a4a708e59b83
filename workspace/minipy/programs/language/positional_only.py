# Parameters before / take no keyword (unless **kwargs takes it).
def f(a, b, /, c=3):
    return a + b + c
print(f(1, 2), f(1, 2, c=4))
for call in [lambda: f(1, b=2), lambda: f(a=1, b=2), lambda: f(1, 2, 3, 4)]:
    try:
        print(call())
    except TypeError as e:
        print(e)
def g(a, /, **kw):
    return a, kw
print(g(1, a=2))
class C:
    def m(self, x, /):
        return x
print(C().m(5))
try:
    C().m(x=5)
except TypeError as e:
    print(e)
print(f.__code__.co_posonlyargcount if hasattr(f.__code__, "co_posonlyargcount") else "n/a")
