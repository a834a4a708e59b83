# The messages of common errors, word for word as CPython 3.11 prints them.
def f(a, b, *, c): pass
def g(a, b=1): pass
def h(): pass
tests = [
    lambda: f(1), lambda: f(1, 2), lambda: f(1, 2, 3), lambda: f(1, 2, c=3, d=4), lambda: g(), lambda: g(1, 2, 3),
    lambda: h(1), lambda: g(1, a=2), lambda: g(*[1, 2, 3]), lambda: f(**{"c": 1}),
    lambda: {1}.remove(2), lambda: set().pop(), lambda: [].pop(), lambda: {}.popitem(),
    lambda: (lambda *, k: 0)(), lambda: int("x", 2), lambda: 2 ** 10000 * 1.0,
    lambda: next(iter([])), lambda: [1, 2][5], lambda: (1, 2)[5], lambda: "ab"[5], lambda: {}["k"],
    lambda: 1 / 0, lambda: 1 // 0, lambda: 1 % 0, lambda: 1.0 / 0, lambda: divmod(1, 0),
    lambda: [] + (), lambda: "a" + 1, lambda: 1 + "a", lambda: [1] * "a", lambda: -"a", lambda: ~1.5,
    lambda: len(5), lambda: iter(5), lambda: None.x, lambda: [].x, lambda: abs("a"),
    lambda: sorted([1, "a"]), lambda: max(), lambda: min([]), lambda: sum(["a"]),
    lambda: chr(-1), lambda: ord("ab"), lambda: hash([]), lambda: {[]: 1}, lambda: {[]},
    lambda: float("abc"), lambda: int(None), lambda: range(1.5), lambda: "{}".format(), lambda: "%d" % "a",
    lambda: "x".join([1]), lambda: [].index(1), lambda: (1,).index(2), lambda: "abc".index("z"),
    lambda: setattr(1, "x", 2), lambda: object().x, lambda: type("x").y,
]
for t in tests:
    try:
        t()
        print("no error")
    except Exception as e:
        print(type(e).__name__ + ":", e)
