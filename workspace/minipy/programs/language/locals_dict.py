# minipy: min-stage=refcount
# locals() makes a dict of a function's bound names: one more reference to
# each value, for as long as the dict lives.
import sys
class Tracked:
    def __init__(self, name):
        self.name = name
    def __repr__(self):
        return self.name
    def __del__(self):
        print("  free", self.name)
def f(a, b=2):
    c = Tracked("c")
    def inner():
        return a
    snapshot = locals()
    print(sorted(snapshot), sys.getrefcount(c))
    return snapshot
kept = f(1)
print("returned", sorted(kept))
del kept
print("after del")
class K:
    x = 1
    names = sorted(k for k in locals() if not k.startswith("__"))
print(K.names, "__name__" in locals(), vars() is globals())
