# A freed object's memory goes to the next object of its size: the same id.
class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y


p = Point(1, 2)
first = id(p)
del p
q = Point(3, 4)
print("a new Point where the old one was:", id(q) == first)

# While an object lives, nothing else can have its id.
r = Point(5, 6)
print("two live Points with one id:", id(q) == id(r))

# An id outlives its object: the number stays, the object does not.
ids = []
for n in range(3):
    ids.append(id(Point(n, n)))
print("three temporaries, one block:", ids[0] == ids[1] == ids[2])

# Keep them alive, and every one needs a block of its own.
kept = [Point(n, n) for n in range(3)]
print("three kept Points, distinct ids:", len({id(k) for k in kept}) == 3)
