# minipy: min-stage=generations
# What a call makes that the collector counts, right after a full
# collection has emptied CPython 3.11's free lists. A built-in declared
# METH_VARARGS, and a type without vectorcall, gets its arguments in a new
# tuple (and its keywords in a new dict); a Python function's keyword
# arguments travel without a dict; a function called with ** gets a tuple
# of the keywords' names; a clinic parser makes its tuple of keyword names
# the first time a keyword reaches it.
import gc

gc.disable()
get = gc.get_count


class Plain:
    def __init__(self, x=0):
        self.x = x


class Star:
    def __init__(self, *args, **kwargs):
        pass


class Made:
    def __new__(cls, *args):
        return super().__new__(cls)


def positional(a, b=1):
    return a


def keywords(**kwargs):
    return kwargs


def starred(*args):
    return args


d = {"b": 2}
kept = []


def measure(label, call):
    gc.collect()
    before = get()[0]
    kept.append(call())
    print(f"{label:28} {get()[0] - before}")


measure("str(5)", lambda: str(5))
measure("int('7')", lambda: int("7"))
measure("max(1, 2)", lambda: max(1, 2))
measure("min(1, 2, key=abs)", lambda: min(1, 2, key=abs))
measure("'abc'.startswith('a')", lambda: "abc".startswith("a"))
measure("'abc'.find('b')", lambda: "abc".find("b"))
measure("'{}'.format(1)", lambda: "{}".format(1))
measure("{1}.union({2})", lambda: {1}.union({2}))
measure("dict.update", lambda: {}.update({1: 2}))
measure("gc.set_threshold(700)", lambda: gc.set_threshold(700))
measure("positional(1, b=2)", lambda: positional(1, b=2))
measure("keywords(a=1)", lambda: keywords(a=1))
measure("positional(**d, a=1)", lambda: positional(**d, a=1))
measure("keywords(**d)", lambda: keywords(**d))
measure("starred(*[1, 2])", lambda: starred(*[1, 2]))
measure("starred(1, *(2,))", lambda: starred(1, *(2,)))
measure("Plain(1)", lambda: Plain(1))
measure("Plain(x=1)", lambda: Plain(x=1))
measure("Star(1)", lambda: Star(1))
measure("Star(x=1)", lambda: Star(x=1))
measure("Made()", lambda: Made())
measure("Made(1)", lambda: Made(1))
measure("sorted(key=) first", lambda: sorted([2, 1], key=abs))
measure("sorted(key=) again", lambda: sorted([2, 1], key=abs))
measure("split(sep=) first", lambda: "a b".split(sep=" "))
measure("split(sep=) again", lambda: "a b".split(sep=" "))
# What an object keeps that minipy needs no object for: enumerate's result
# pair, zip's and map's tuples of iterators (zip has no vectorcall in 3.11).
measure("enumerate([1])", lambda: enumerate([1]))
measure("zip([1], [2])", lambda: zip([1], [2]))
measure("map(abs, [1])", lambda: map(abs, [1]))
# And what CPython never makes: the AttributeError hasattr() would drop,
# the GeneratorExit a paused generator is closed with.
thing = Plain()
measure("hasattr(thing, 'nope')", lambda: hasattr(thing, "nope"))
measure("getattr(thing, 'nope', 0)", lambda: getattr(thing, "nope", 0))


def paused():
    yield 1
    yield 2


def closed():
    it = paused()
    next(it)
    it.close()


measure("close a paused generator", closed)

# What a star refuses, in CPython's words.
for label, call in [
    ("starred(*5)", lambda: starred(*5)),
    ("starred(1, *5)", lambda: starred(1, *5)),
    ("print(*None)", lambda: print(*None)),
]:
    try:
        call()
    except TypeError as e:
        print(label, "->", e)
