# Ellipsis, assignment expressions, del of a captured variable, hash()
# of numbers and tuples as CPython computes it, unhashable instances.
def todo(): ...
print(todo(), ..., type(...).__name__)
data = [1, 5, 3]
if (n := len(data)) > 2:
    print("long", n)
def outer():
    x = 1
    def inner():
        return x
    del x
    try:
        inner()
    except NameError as e:
        print("NameError:", e)
outer()
print(hash(1), hash(-1), hash(2**61), hash((1, 2)), hash(1.5), hash(True), hash(0.0))
class K:
    def __eq__(self, other):
        return True
try:
    {K()}
except TypeError as e:
    print(e)
