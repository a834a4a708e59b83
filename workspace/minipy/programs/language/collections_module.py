# minipy: min-stage=refcount
# collections: a bounded deque frees what falls off its end; a defaultdict
# keeps an entry for every missing key it was asked for; Counter counts.
import sys
from collections import deque, defaultdict, Counter, OrderedDict
import collections

class Tracked:
    def __init__(self, name):
        self.name = name
    def __repr__(self):
        return self.name
    def __del__(self):
        print("  free", self.name)

recent = deque(maxlen=2)
for name in ["a", "b", "c"]:
    print("append", name)
    recent.append(Tracked(name))
print(recent, len(recent), recent.maxlen)
q = deque([1, 2, 3])
q.appendleft(0); q.append(4); q.rotate(1)
print(q, q.popleft(), q.pop(), q, 2 in q, q[0], q[-1], list(q))
q.extend([7, 8]); q.extendleft([9]); print(q, deque(), deque("ab"), q == deque(list(q)))
print(sys.getsizeof(deque()), sys.getsizeof(deque(range(100))), sys.getsizeof(deque(range(10))))
groups = defaultdict(list)
for word in "apple avocado banana blueberry cherry".split():
    groups[word[0]].append(word)
print(groups, groups["z"], len(groups), "z" in groups, dict(groups) == {**groups})
counts = defaultdict(int)
for ch in "hello":
    counts[ch] += 1
print(counts, sys.getsizeof(defaultdict(list)), counts.default_factory)
c = Counter("abracadabra")
print(c, c.most_common(2), c["z"], c["a"], len(c), sorted(c), c.total())
c.update("aaz")
print(c, Counter(), Counter({"x": 2}), Counter(cats=4, dogs=8))
o = OrderedDict(a=1, b=2)
o["c"] = 3
o.move_to_end("a")
print(o, OrderedDict(), list(o.items()), isinstance(o, dict), isinstance(groups, dict))
print(type(recent).__name__, type(c).__name__, collections.deque([1]), isinstance(recent, collections.deque))
del recent
print("end")
