# itertools: lazy building blocks; the pools of product and combinations
# are copied up front, the results made one at a time.
import itertools
from itertools import count, islice, chain, repeat, cycle, accumulate, takewhile, dropwhile
from itertools import zip_longest, product, permutations, combinations, starmap, pairwise

print(list(islice(count(10, 5), 4)), list(islice("abcdefg", 2, None, 2)), list(islice(range(10), 3)))
print(list(chain([1, 2], "ab", (3,))), list(chain.from_iterable([[1], [2, 3], []])))
print(list(repeat("x", 3)), list(islice(cycle("ab"), 5)), list(accumulate([1, 2, 3, 4])))
print(list(accumulate([1, 2, 3], lambda a, b: a * b)), list(accumulate([1, 2], initial=100)))
print(list(takewhile(lambda v: v < 3, [1, 2, 3, 1])), list(dropwhile(lambda v: v < 3, [1, 2, 3, 1])))
print(list(zip_longest("ab", [1, 2, 3], fillvalue="-")), list(product("ab", [1, 2])))
print(list(product([0, 1], repeat=2)), list(permutations("abc", 2)), list(combinations(range(4), 2)))
print(list(starmap(pow, [(2, 3), (3, 2)])), list(pairwise([1, 2, 3, 4])), len(list(permutations(range(4)))))
def produce():
    for i in range(3):
        print("  produce", i)
        yield i
for v in islice(produce(), 2):
    print("got", v)
print(next(itertools.count()), sum(itertools.islice(itertools.count(1), 100)))
