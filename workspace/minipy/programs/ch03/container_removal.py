# minipy: min-stage=refcount
# Removing an item from a container drops the container's reference.
class Tracked:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("freed", self.name)

l = [Tracked("l0"), Tracked("l1"), Tracked("l2"), Tracked("l3")]
l.pop()
print("popped")
del l[0]
print("deleted l[0]")
l.remove(l[0])
print("removed")
d = {"a": Tracked("da"), "b": Tracked("db")}
del d["a"]
print("deleted d['a']")
d.pop("b")
print("popped d['b']")
print(len(l), len(d))
