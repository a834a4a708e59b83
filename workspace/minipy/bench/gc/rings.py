# CPython's pyperformance gc_collect shape: rings of 21 nodes, 100 rings
# per round; only gc.collect() is timed. Prints the collections' total
# time and how many objects they found.
import gc
import time


class Node:
    def __init__(self):
        self.next = None
        self.prev = None


def make_rings(count, size):
    for _ in range(count):
        first = Node()
        node = first
        for _ in range(size - 1):
            following = Node()
            node.next = following
            following.prev = node
            node = following
        node.next = first
        first.prev = node


gc.disable()
collected = 0
elapsed = 0.0
for _ in range(200):
    make_rings(100, 21)
    start = time.perf_counter()
    collected += gc.collect()
    elapsed += time.perf_counter() - start
print(collected, f"{elapsed:.6f}")
