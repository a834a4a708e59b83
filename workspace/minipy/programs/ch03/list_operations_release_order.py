# minipy: min-stage=refcount
# Every way of emptying a list releases its items from the last to the first,
# as CPython 3.11's list_clear and list_ass_slice do.
class Item:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("freed", self.name)


def three(tag):
    return [Item(tag + "1"), Item(tag + "2"), Item(tag + "3")]


items = three("clear ")
items.clear()
items = three("del slice ")
del items[:]
items = three("times zero ")
items *= 0
items = three("slice assignment ")
items[:] = []
items = three("pop ")
while items:
    items.pop()
print("done")
