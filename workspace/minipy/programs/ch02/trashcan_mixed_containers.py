# minipy: min-stage=refcount
# Lists, tuples, dicts, instances, frozensets and partials all count toward
# the trashcan's 50 levels in CPython 3.11; strings, ints and functions do
# not. A chain that mixes them parks objects where python3 parks them.
import functools

order = []


class Tag:
    def __init__(self, i):
        self.i = i

    def __del__(self):
        order.append(self.i)


class Node:
    pass


def link(kind, nxt, tag):
    if kind == 0:
        return [nxt, tag]
    if kind == 1:
        return (tag, nxt)
    if kind == 2:
        return {"next": nxt, "tag": tag}
    if kind == 3:
        node = Node()
        node.nxt = nxt
        node.tag = tag
        return node
    if kind == 4:
        return [frozenset([tag]), nxt]
    return functools.partial(print, nxt, tag)


for depth, step in [(120, 1), (400, 7)]:
    head = None
    for i in range(depth):
        head = link((i * step) % 6, head, Tag(i))
    del head
    print(depth, "levels:", *order)
    order.clear()
