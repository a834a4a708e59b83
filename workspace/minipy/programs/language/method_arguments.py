# Optional arguments of str and set methods: splitlines(keepends), replace's
# count, the start and end of startswith, endswith and find, and several sets
# at once for union, intersection and difference.
print("a\nb\r\nc\rd\x0be\n".splitlines(), "a\nb\r\nc\n".splitlines(True), "".splitlines(), "x\n\n".splitlines(keepends=True))
print("hello".replace("l", "L", 1), "hello".replace("l", "L", 0), "hello".replace("l", "L", -1), "aaa".replace("a", "b", 2))
print("abc".startswith("b", 1), "abc".startswith("a", 1), "abcd".endswith("c", 0, 3), "abc".startswith(("x", "b"), 1), "abc".endswith("b", -3, -1))
print("abcabc".find("b", 2), "abcabc".find("b", -2), "abcabc".find("b", 0, 1), "abc".find("", 5), "abc".find("", 3), "héllo".find("l", 3))
a = {1, 2, 3}
print(sorted(a.union([7], (8,))), sorted(a.intersection({2, 3}, {3})), sorted(a.difference([1], [2])), sorted(a.union()), a.union() is a)
f = frozenset({1, 2})
print(type(f.union([3], [4])).__name__, sorted(f.union([3], [4])), type(a.intersection()).__name__)
