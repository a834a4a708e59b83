# minipy: min-stage=refcount
# Past 50 nested deallocations CPython 3.11 parks an object and frees it
# once the outermost deallocation has finished, so the __del__ of a deep
# chain does not run in the order plain recursion would run it.
order = []


class Tag:
    def __init__(self, i):
        self.i = i

    def __del__(self):
        order.append(self.i)


class Node:
    pass


def chain(n, tag_every=1):
    head = None
    for i in reversed(range(n)):
        node = Node()
        node.nxt = head
        if i % tag_every == 0:
            node.tag = Tag(i)
        head = node
    return head


def show(n, tag_every=1):
    order.clear()
    head = chain(n, tag_every)
    del head
    print(n, "levels:", len(order), "finalizers")
    if len(order) <= 120:
        print(" ", *order)
    else:
        # The first ones, the first parked ones, and a digest of the whole order.
        digest = 0
        for position, i in enumerate(order):
            digest = (digest * 31 + i * (position + 1)) % 1_000_000_007
        print("  first:", *order[:5], "... around the first parking:", *order[45:55])
        print("  digest:", digest)


show(10)
show(60)
show(1_000)
show(1_000_000, tag_every=997)
