# Freeing a container frees what only it held, at once and in a fixed order:
# a list from its last item to its first, depth first into nested containers;
# a dict in insertion order; an instance's attributes in the order they were set.
class Tracked:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("  freed", self.name)


print("del l")
l = [Tracked("a"), [Tracked("b"), Tracked("c")], (Tracked("d"), Tracked("e")), Tracked("f")]
del l

print("del d")
d = {"first": Tracked("first"), "second": Tracked("second"), "third": Tracked("third")}
del d

print("del node")
node = Tracked("node")
node.left = Tracked("node.left")
node.right = Tracked("node.right")
del node

print("shared survives")
shared = Tracked("shared")
holder = [shared, Tracked("only in holder")]
del holder
print("  shared is still", shared.name)
del shared
print("end")
