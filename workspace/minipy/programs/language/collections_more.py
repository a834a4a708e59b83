# collections: Counter arithmetic and elements(), deque count/index/
# remove/reverse, OrderedDict.move_to_end(last=False), namedtuple
# defaults, _make, _field_defaults and __doc__.
from collections import Counter, OrderedDict, deque, namedtuple

a, b = Counter("abracadabra"), Counter("alakazam")
print(a + b)
print(a - b, b - a)
print(a | b, a & b)
print(sorted(Counter(x=3, y=0, z=-1).elements()), list(Counter(a=2, b=1).elements()))
d = deque([1, 2, 3, 2])
print(d.count(2), d.index(3), d.remove(2), d)
d.reverse()
print(d)
for method in (d.index, d.remove):
    try:
        method(9)
    except ValueError as e:
        print("ValueError:", e)
o = OrderedDict(a=1, b=2, c=3)
o.move_to_end("a", last=False)
o.move_to_end("b")
print(o)
Record = namedtuple("Record", "key value ttl", defaults=[60])
r = Record("a", 1)
print(r, r.ttl, Record._field_defaults, Record.__doc__)
Point = namedtuple("Point", ["x", "y"])
print(Point._make([1, 2]), Point._make(range(2)))
for bad in (lambda: Point._make([1]), lambda: namedtuple("Q", "a", defaults=[1, 2])):
    try:
        bad()
    except TypeError as e:
        print("TypeError:", e)
p = Point(1, 2)
for attempt in (lambda: setattr(p, "x", 3), lambda: setattr(p, "z", 3)):
    try:
        attempt()
    except AttributeError as e:
        print("AttributeError:", e)
try:
    namedtuple("Q", "a def")
except ValueError as e:
    print("ValueError:", e)
