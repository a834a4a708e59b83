# itertools' groupby (a group the caller leaves unfinished is skipped),
# compress, filterfalse, tee (its copies share what was read) and
# combinations_with_replacement.
import itertools as it
print([(k, list(g)) for k, g in it.groupby("aaabccdaa")])
print([(k, list(g)) for k, g in it.groupby([1, 3, 2, 4, 5], key=lambda x: x % 2)])
groups = it.groupby("aabbc")
k1, g1 = next(groups)
k2, g2 = next(groups)
print(k1, list(g1), k2, list(g2), next(groups)[0])
print(list(it.compress("ABCDEF", [1, 0, 1, 0, 1, 1])), list(it.filterfalse(lambda x: x % 2, range(10))), list(it.filterfalse(None, [0, 1, "", "a"])))
a, b = it.tee([1, 2, 3])
print(next(a), next(a), list(b), list(a))
print(len(it.tee("ab", 3)), list(it.combinations_with_replacement("ABC", 2)))
print(list(it.combinations_with_replacement(range(3), 0)), list(it.combinations_with_replacement([], 2)), list(it.combinations_with_replacement("AB", 3)))
print(type(it.groupby("a")).__name__, type(it.compress("a", [1])).__name__, type(it.tee("a")[0]).__name__)
try:
    it.tee("a", -1)
except ValueError as e:
    print("ValueError:", e)
