from collections import OrderedDict, Counter, defaultdict
o = OrderedDict(a=1, b=2)
p = OrderedDict(b=2, a=1)
print(o == {'a': 1, 'b': 2}, {'b': 2, 'a': 1} == o, o == p, o != p, o == OrderedDict(a=1, b=2))
c = Counter("hello")
print(c == {'h': 1, 'e': 1, 'l': 2, 'o': 1}, c != {'h': 1})
print(Counter(a=1, b=0) == Counter(a=1), Counter(a=1, b=0) == {'a': 1}, Counter(a=1) == Counter(a=2))
d = defaultdict(int, a=1)
print(d == {'a': 1}, {'a': 1} == d, d == o, d == defaultdict(list, a=1))
print(o == p == o, [o] == [OrderedDict(a=1, b=2)])
class K: pass
print(K.__dict__ == dict(K.__dict__), c == o)
