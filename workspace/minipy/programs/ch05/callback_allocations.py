# minipy: min-stage=generations
# A gc.callbacks function allocates while the collection it was called
# for runs. CPython 3.11 starts no collection inside another, tracks what
# the callback makes at once, and tracks the object whose allocation
# started the collection when the collection is over: every list below is
# tracked, and the cycle through one of them is found.
import gc

gc.collect()
gc.set_threshold(5)
phases = []


def record(phase, info):
    scratch = [[] for _ in range(10)]
    phases.append((phase, info["generation"], len(scratch)))


gc.callbacks.append(record)
keep = [[] for _ in range(8)]
gc.callbacks.clear()
gc.set_threshold(700)
print([gc.is_tracked(k) for k in keep])
print(phases[:4])
x = keep[2]
x.append(x)
del x, keep
print(gc.collect())
