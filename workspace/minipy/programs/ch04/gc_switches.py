# minipy: min-stage=cycles
# The gc module's switches and arguments: enable/disable, thresholds, the
# generation gc.collect() takes, and gc.garbage.
import gc
print(gc.isenabled())
gc.disable()
print(gc.isenabled())
gc.enable()
print(gc.isenabled())
print(gc.get_threshold())
gc.set_threshold(100, 5)
print(gc.get_threshold())
try:
    gc.collect(3)
except ValueError as e:
    print("ValueError:", e)
print(gc.collect(0), gc.collect(generation=1))
print(type(gc.garbage).__name__, gc.garbage)
