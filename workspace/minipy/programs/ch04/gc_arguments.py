# The gc module's functions check their arguments as CPython 3.11's do.
import gc

print(len(gc.get_objects(-1)) == len(gc.get_objects()))
print(type(gc.get_objects(generation=0)).__name__)
print(gc.get_objects(generation=None) is not None)
for bad in (-2, 3):
    try:
        gc.get_objects(bad)
    except ValueError as e:
        print("ValueError:", e)
try:
    gc.get_objects("a")
except TypeError as e:
    print("TypeError:", e)
for f in (gc.isenabled, gc.get_count, gc.get_threshold, gc.get_debug, gc.get_stats,
          gc.freeze, gc.unfreeze, gc.get_freeze_count, gc.enable, gc.disable):
    try:
        f(1)
        print("accepted")
    except TypeError as e:
        print(e)
gc.enable()
try:
    gc.collect(1, 2)
except TypeError as e:
    print(e)
for f in (gc.is_tracked, gc.is_finalized):
    try:
        f()
    except TypeError as e:
        print(e)
    try:
        f(1, 2)
    except TypeError as e:
        print(e)
gc.set_debug(-1)
print(gc.get_debug())
gc.set_debug(0)
print(gc.get_debug())

# Objects CPython's collector never sees: code objects and the static
# singletons.
def f():
    pass
print(gc.is_tracked(f.__code__), gc.is_tracked(NotImplemented), gc.is_tracked(...))
print(gc.is_tracked(f), gc.is_tracked(None), gc.is_tracked(print))
