# minipy: min-stage=finalizers
# gc.set_debug: what a collection reports on stderr, and DEBUG_SAVEALL,
# which keeps the garbage in gc.garbage instead of freeing it.
import gc

print(gc.DEBUG_STATS, gc.DEBUG_COLLECTABLE, gc.DEBUG_UNCOLLECTABLE, gc.DEBUG_SAVEALL, gc.DEBUG_LEAK)
gc.collect()


class Node:
    def __del__(self):
        print("__del__ of a Node")


n = Node()
n.me = n
pair = [n]
pair.append(pair)
del n, pair
gc.set_debug(gc.DEBUG_COLLECTABLE)
print("get_debug:", gc.get_debug())
print("found:", gc.collect())

gc.set_debug(gc.DEBUG_SAVEALL)
loop = []
loop.append(loop)
del loop
print("found:", gc.collect())
print("kept:", [type(o).__name__ for o in gc.garbage])
gc.set_debug(0)
gc.garbage.clear()
print("found after clearing:", gc.collect())
