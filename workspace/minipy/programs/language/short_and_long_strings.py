# Strings on both sides of seven bytes (minipy keeps up to seven inside the
# object, longer text in a block of its own): building, comparing, hashing,
# slicing and using them as keys must not depend on which side they are.
import sys

words = ["", "a", "abcdefg", "abcdefgh", "ü", "üüü", "üüüü", "x" * 100, "日本語", "日本語です"]
for w in words:
    print(repr(w), len(w), w.upper(), w[::-1], w[1:4], sys.getsizeof(w))

grown = ""
for c in "abcdefghij":
    grown += c
    print(grown, grown == "abcdefghij"[: len(grown)], hash(grown) == hash("abcdefghij"[: len(grown)]))

seven = "abc" + "defg"
eight = seven + "h"
print(seven == "abcdefg", eight == "abcdefgh", seven < eight, eight[:7] == seven)
print(sorted(["abcdefgh", "abcdefg", "abcdefgi", "abc", "b"]))

table = {}
for n in range(0, 100000000, 7654321):
    table[str(n)] = n
print(len(table), table["0"], table["7654321"], table[str(7654321 * 13)])
print(sorted(table)[:4])

parts = "one,two,three,fourteen,fifteen-sixteen".split(",")
print(parts, "-".join(parts), [p.title() for p in parts])

class Point:
    def __init__(self, label):
        self.label = label
        self.short = label[:3]

points = [Point("p" * n) for n in range(10)]
print([p.label for p in points][-3:], [p.short for p in points][-3:])
print(tuple(w for w in words if len(w) > 3), [w * 2 for w in words[:4]])
print("%s|%-8s|%8s" % ("abcdefg", "abcdefgh", "ab"), f"{'seven!!':>10}{'eight!!!':<10}|")
print(str(1234567), str(12345678), repr(1234567.5), str(-123456))
