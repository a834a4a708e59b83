# minipy: min-stage=refcount
# Sequences: slicing with steps, del of slices, star-unpacking, chained
# comparisons, augmented assignment on attributes and items, list and dict methods.
class Tracked:
    def __init__(self, name):
        self.name = name
    def __repr__(self):
        return self.name
    def __del__(self):
        print("  free", self.name)

nums = list(range(10))
print(nums[::2], nums[1::3], nums[::-1], nums[8:2:-2], nums[-3:], nums[:100], nums[5:2], (1, 2, 3, 4)[::-1])
items = [Tracked("a"), Tracked("b"), Tracked("c"), Tracked("d")]
print("del items[1:3]:")
del items[1:3]
print(items)
items[0:1] = [Tracked("x"), Tracked("y")] if False else items[0:1]
first, *rest = [1, 2, 3, 4]
*init, last = "abc"
a, *middle, z = (1, 2)
print(first, rest, init, last, a, middle, z)
(p, q), r = (1, 2), 3
print(p, q, r, [*rest, *"xy"], (*init, 0), {**{"k": 1}, "j": 2})
x = 5
print(1 < x < 10, 1 < x > 10, x == 5 != 6, 0 <= x <= 5 < 6)
class Box:
    def __init__(self):
        self.value = 1
        self.items = [1, 2]
b = Box()
b.value += 10
b.items[0] *= 7
b.items += [3]
d = {"k": 1}
d["k"] -= 5
d.setdefault("new", []).append(1)
print(b.value, b.items, d)
lst = [3, 1, 2]
lst.append(4); lst.extend((5, 6)); lst.insert(0, 0); lst.insert(-1, 9); lst.remove(9)
print(lst, lst.pop(), lst.pop(0), lst.index(2), lst.count(1))
lst.sort(key=lambda v: -v); print(lst)
lst.reverse(); print(lst, lst.copy() is lst, lst.copy() == lst)
lst.clear(); print(lst)
d = {"a": 1, "b": 2}
print(d.get("a"), d.get("z"), d.get("z", 0), list(d.keys()), list(d.values()), list(d.items()))
print(d.pop("a"), d.pop("zz", "gone"), d, d.copy(), dict(d, c=3), dict([("x", 1)]), dict(zip("ab", [1, 2])))
d.update({"b": 20, "e": 5}); d.update(f=6); print(d, len(d), "b" in d, d.popitem(), d)
print(list(reversed([1, 2, 3])), list(reversed("ab")), divmod(17, 5), divmod(-17, 5), hex(255), chr(97), ord("a"), abs(-3), pow(2, 10), pow(2, -1))
print(sum([1, 2, 3], 10), any(x > 2 for x in [1, 2]), all([]), min("bca"), max([1, 5, 3]), sorted("cba", reverse=True))
print(isinstance(3, (str, int)), isinstance("s", (list, tuple)), tuple([1]), list({"a": 1}), [1, 2] * 2, [[0] * 2] * 2)
print(dict.fromkeys("ab", 0), sorted(d.items(), key=lambda kv: kv[1]))
