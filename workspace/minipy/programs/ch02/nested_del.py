# minipy: min-stage=refcount
# A __del__ that frees other objects: its cascade finishes before the outer one goes on.
class N:
    def __init__(self, name, child=None):
        self.name = name
        self.child = child
    def __del__(self):
        print("del", self.name)
        if self.name == "b":
            tmp = [N("t1"), N("t2")]
            del tmp

l = [N("a", N("a1")), N("b", N("b1", N("b2"))), (N("c"), N("d"))]
del l
print("done")
