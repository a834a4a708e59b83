# minipy: min-stage=refcount
# Instances of one class share a table of attribute names (CPython 3.11's
# split dict): an instance releases its attributes in that table's order,
# not in the order it set them.
class Tag:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("  free", self.name)


class Point:
    pass


a = Point()
a.x = Tag("a.x")
a.y = Tag("a.y")
b = Point()
b.y = Tag("b.y")
b.x = Tag("b.x")
print("b set y then x; vars(b) is", list(vars(b)))
del b

c = Point()
c.z = Tag("c.z")
c.y = Tag("c.y")
c.x = Tag("c.x")
print("c adds z to the shared names, after x and y:")
del c

d = Point()
d.x = Tag("d.x")
d.y = Tag("d.y")
del d.x
d.x = Tag("d.x again")
print("d's x deleted and set again goes back to its slot; vars(d) is", list(vars(d)))
del d


class Slotted:
    __slots__ = ("first", "second")


s = Slotted()
s.second = Tag("s.second")
s.first = Tag("s.first")
print("__slots__ release in declaration order:")
del s


class Failure(Exception):
    pass


e = Failure()
e.y = Tag("e.y")
e.x = Tag("e.x")
print("an exception's attributes are an ordinary dict, in insertion order:")
del e


class Wide:
    pass


w = Wide()
for i in range(32):
    setattr(w, "k%02d" % (31 - i), Tag("w.k%02d" % (31 - i)))
w2 = Wide()
w2.k30 = Tag("w2.k30")
w2.k31 = Tag("w2.k31")
w3 = Wide()
w3.k00 = Tag("w3.k00")
w3.k31 = Tag("w3.k31")
print("a class shares 30 names at most; w needed 32 and became a combined dict:")
del w
print("w2 set k31 after k30, but k31 is slot 0 of the shared names:")
del w2
print("w3's k00 did not fit in them, so w3 is combined too, in its own order:")
del w3
del a
print("end")
