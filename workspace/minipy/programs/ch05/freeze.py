# minipy: min-stage=generations
# gc.freeze() moves every tracked object out of the collector's reach.
import gc


class Node:
    pass


gc.collect()
n = Node()
n.me = n
gc.freeze()
frozen = gc.get_freeze_count()
print(frozen > 0)
del n
print("found while frozen:", gc.collect())
gc.unfreeze()
print(gc.get_freeze_count())
print("found after unfreeze:", gc.collect())
