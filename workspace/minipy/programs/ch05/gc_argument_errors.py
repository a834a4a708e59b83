# What the gc module (and its neighbours) say to arguments they refuse, in
# CPython 3.11's words: Argument Clinic's, cfunction_call's and
# _PyObject_FunctionStr's ways of naming a function, and C int overflow.
import gc, sys, math, weakref
for label, call in [
    ("collect(gen=1)", lambda: gc.collect(gen=1)),
    ("get_objects(gen=1)", lambda: gc.get_objects(gen=1)),
    ("is_tracked(obj=1)", lambda: gc.is_tracked(obj=1)),
    ("enable(x=1)", lambda: gc.enable(x=1)),
    ("get_count(x=1)", lambda: gc.get_count(x=1)),
    ("freeze(x=1)", lambda: gc.freeze(x=1)),
    ("set_threshold(threshold0=1)", lambda: gc.set_threshold(threshold0=1)),
    ("get_referents(x=1)", lambda: gc.get_referents(x=1)),
    ("getrefcount(x=1)", lambda: sys.getrefcount(x=1)),
    ("sqrt(x=1)", lambda: math.sqrt(x=1)),
    ("getweakrefcount(x=1)", lambda: weakref.getweakrefcount(x=1)),
]:
    try:
        call()
    except TypeError as e:
        print(label, "->", e)

for label, call in [
    ("set_debug()", lambda: gc.set_debug()),
    ("set_debug(1, 2)", lambda: gc.set_debug(1, 2)),
    ("is_tracked()", lambda: gc.is_tracked()),
    ("is_finalized()", lambda: gc.is_finalized()),
    ("collect(3)", lambda: gc.collect(3)),
    ("collect(-1)", lambda: gc.collect(-1)),
    ("collect('a')", lambda: gc.collect('a')),
    ("collect(1.5)", lambda: gc.collect(1.5)),
    ("collect(1, 2)", lambda: gc.collect(1, 2)),
    ("collect(10**20)", lambda: gc.collect(10**20)),
    ("get_objects(3)", lambda: gc.get_objects(3)),
    ("get_objects(-1)", lambda: gc.get_objects(-1)),
    ("set_threshold()", lambda: gc.set_threshold()),
    ("set_threshold(1,2,3,4)", lambda: gc.set_threshold(1, 2, 3, 4)),
    ("set_threshold('a')", lambda: gc.set_threshold('a')),
    ("set_threshold(10**20)", lambda: gc.set_threshold(10**20)),
    ("set_threshold(-1)", lambda: gc.set_threshold(-1)),
    ("get_count(1)", lambda: gc.get_count(1)),
    ("enable(1)", lambda: gc.enable(1)),
    ("freeze(1)", lambda: gc.freeze(1)),
    ("set_debug('x')", lambda: gc.set_debug('x')),
]:
    try:
        r = call()
        print(label, "ok", r if not isinstance(r, list) else len(r) >= 0)
    except Exception as e:
        print(label, "->", type(e).__name__, e)
gc.set_threshold(700, 10, 10)
print(gc.get_threshold())
