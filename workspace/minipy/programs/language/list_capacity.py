# A list's size is its capacity, which depends on how it was made:
# split() starts with room for 12, list(generator) guesses 8, list(range)
# rounds the length up to even, repetition is exact.
import sys
g = sys.getsizeof
print(g("a b c".split()), g("a,b".split(",")), g("x".split()), g("".split()), g("a b c d e f g h i j k l m n".split()))
print(g(list({1: 1, 2: 2})), g(list({1, 2, 3})), g(sorted({3, 1, 2})), g(sorted([3, 1, 2])), g([1, 2, 3].copy()), g([1, 2, 3][:]))
print(g(list(x for x in range(3))), g(list(map(str, range(3)))), g("abc".splitlines()), g(list(zip([1], [2]))), g(list(enumerate("ab"))))
print(g([0] * 3), g([1, 2] + [3]), g(list(reversed([1, 2, 3]))), g(list(range(0))), g([*range(3)]), g(list(filter(None, [1, 0, 2]))))
