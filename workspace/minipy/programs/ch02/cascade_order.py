# minipy: min-stage=refcount
# Freeing a list frees its items last to first, depth first.
class N:
    def __init__(self, name, child=None):
        self.name = name
        self.child = child
    def __del__(self):
        print("del", self.name)

l = [N("a", N("a1")), N("b", N("b1", N("b2"))), N("c")]
del l
print("done")
