# minipy: min-stage=refcount
# `del` of a list item, a dict entry or an attribute: the container drops
# the one reference it held, and that is all.


class D:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("  del", self.name)


items = [D("l0"), D("l1"), D("l2")]
print("del items[1]")
del items[1]
print("  left:", len(items), "items")

table = {"k": D("value")}
alias = table["k"]
print("del table['k'] (alias still refers to the value)")
del table["k"]
print("del alias")
del alias


class Box:
    pass


box = Box()
box.content = D("content")
print("del box.content")
del box.content

try:
    del box.content
except AttributeError as error:
    print("AttributeError:", error)
try:
    del items[5]
except IndexError as error:
    print("IndexError:", error)
try:
    del table["missing"]
except KeyError as error:
    print("KeyError:", error)

print("del items")
del items
print("end")
