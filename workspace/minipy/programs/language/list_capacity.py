# A list's size as sys.getsizeof reports it follows CPython's over-allocation
# (list_resize), whichever way the list grew or shrank.
import sys

def show(label, items):
    print(label, len(items), sys.getsizeof(items))

grown = []
sizes = []
for n in range(40):
    grown.append(n)
    sizes.append(sys.getsizeof(grown))
print(sizes)
show("list(range(10))", list(range(10)))
show("[0] * 10", [0] * 10)
show("comprehension", [n for n in range(10)])
show("display", [1, 2, 3])
show("empty", [])
shrinking = list(range(100))
for _ in range(90):
    shrinking.pop()
show("popped to 10", shrinking)
del shrinking[2:8]
show("del slice", shrinking)
shrinking.extend(range(50))
show("extended", shrinking)
shrinking.insert(0, "x")
shrinking.remove("x")
show("insert/remove", shrinking)
shrinking *= 3
show("repeated in place", shrinking)
shrinking.clear()
show("cleared", shrinking)
print("a,b,c".split(","), sys.getsizeof("a,b,c".split(",")))
print(sys.getsizeof(()), sys.getsizeof((1,)), sys.getsizeof(tuple(range(9))))
t = tuple(range(20))
print(t[3:9], t[::-4], t.index(7), t.count(3), t + (1, 2), len(t * 2))

a = list(range(30))
del a[::2]
show("del a[::2]", a)
del a[5:5]
show("del nothing", a)
a[1:2] = range(10)
show("slice grown", a)
a[:] = []
show("slice emptied", a)
b = list(range(17))
show("copy", b.copy())
show("slice copy", b[:])
show("sorted", sorted(b))
show("concatenated", b + b)
show("repeated", b * 3)
show("from generator", list(n for n in range(17)))
show("reversed", list(reversed(b)))
c = [1]
c *= 1
show("repeated once", c)
c *= 0
show("repeated zero times", c)
d = list(range(40))
for _ in range(30):
    d.pop(0)
show("popped from the front", d)
d += range(3)
show("added a range", d)
e = []
e[0:0] = range(5)
show("slice into empty", e)
e[len(e):] = range(20)
show("slice at the end", e)
e[2:20] = []
show("slice removed", e)
e[1:3] = ["a", "b"]
show("slice same length", e)
e[::2] = ["x"] * len(e[::2])
show("extended slice", e)
print(e)
a = list(range(7)); b = (1, 2, 3, 4, 5)
show("unpacked", [*a, *b])
show("unpacked gen", [*(n for n in a)])
show("list(map)", list(map(str, a)))
show("list(dict)", list(dict.fromkeys(a)))
show("list(set)", list(set(a)))
show("list(str)", list("abcdefghij"))
show("list(tuple)", list(b))
show("list(zip)", list(zip(a, a)))
show("list(enumerate)", list(enumerate(a)))
show("list(filter)", list(filter(None, a)))
show("dict keys", list({n: n for n in range(9)}.keys()))
x = []
for n in range(12):
    x.insert(0, n)
show("insert front", x)
y = [0]
y.extend((1, 2, 3))
show("extend tuple", y)
y.extend(n for n in range(10))
show("extend gen", y)
y.extend("abcdefghijklmnopqrstuvwxyz")
show("extend str", y)
y.extend([])
show("extend empty", y)
z = [[]] * 5
show("[[]]*5", z)
show("split", "a b c d e f g h i j k l m n".split())
show("splitlines", "a\nb\nc".splitlines())
show("sorted gen", sorted(n for n in range(13)))
show("dir-like", sorted({"b": 1, "a": 2}))
w = list(range(10))
w.reverse(); w.sort()
show("sorted in place", w)
while w:
    w.pop()
show("popped empty", w)
w.append(1)
show("append after", w)
