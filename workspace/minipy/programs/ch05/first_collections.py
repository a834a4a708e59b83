# minipy: min-stage=generations
# When the first automatic collections come in a program that never calls
# gc.collect(): python3.11 starts with generation 0's count where its own
# start-up left it, and lists, dicts and small tuples that CPython takes
# from its free lists are not counted.
import gc
log = []
def on_collection(phase, info):
    if phase == "start":
        log.append((info["generation"], len(objs)))
gc.callbacks.append(on_collection)
objs = []
for i in range(3000):
    objs.append([i])
gc.callbacks.remove(on_collection)
print(log)
print(gc.get_count())
