# More builtins as CPython 3.11 has them: zip(strict=True), iter(f, sentinel),
# range slices, set operations on dict views, int.to_bytes and from_bytes,
# pow with a negative exponent and a modulus.
print(list(zip([1, 2], "ab", strict=True)), list(map(pow, [2, 3], [3, 2])), list(filter(None, [0, 1, "", "a"])))
it = iter([1, 2, 3, 0, 4].pop, 0)
print(list(iter(lambda: 5, 5)), list(reversed(range(3))), range(10)[2:8:2], list(range(10)[::-3]))
d = {"a": 1, "b": 2}
print(d.keys() & {"a", "z"}, d.items() - {("a", 1)}, {k: v for k, v in d.items() if v > 1}, {x % 3 for x in range(10)})
print(frozenset([1, 2]) | {3}, {1, 2} ^ {2, 3}, {1, 2}.issubset({1, 2, 3}), sorted({3, 1, 2}, reverse=True))
print((255).to_bytes(2, "big"), int.from_bytes(b"\x01\x00", "big"), (10).bit_length(), (3.5).is_integer(), int("ff", 16), int("0b101", 0))
print(divmod(-7, 2), -7 // 2, pow(3, -1, 7), abs(-2.5), complex(1, 2) if False else "no complex", 10 ** -2, 7 / 2)
print(list(enumerate(["a", "b"], start=5)), any(x > 2 for x in [1, 3]), all(x for x in []), sum([[1], [2]], []))
nested = [[1, 2], [3]]
print([y for x in nested for y in x], [[j for j in range(i)] for i in range(3)], sorted([3, 1, 2], key=lambda v: -v))
words = ["bb", "a", "ccc", "dd"]
words.sort(key=len)
print(words, max(words, key=len), min(words, key=lambda w: (len(w), w)))
print(isinstance(True, int), type(None).__name__, bool([]), bool([0]), None is None, 1 == 1.0, "1" == 1)
x = [1, 2, 3]
x[1:2] = [9, 9]
del x[0]
x.insert(0, 7)
x.extend(range(2))
x.remove(9)
print(x, x.index(0), x.count(9), x[::-1], x * 2, [0] * 3)
print(chr(0x263A), ord("€"), "%c" % 65, "{:c}".format(66), str(b"x", "ascii") if False else "skip")
print((255).to_bytes(2, "big"), (255).to_bytes(2, "little"), (1024).to_bytes(4, byteorder="big"), (-1).to_bytes(2, "big", signed=True), (0).to_bytes(1, "big"), (128).to_bytes(1, "big"))
print(int.from_bytes(b"\xff\xfe", "big", signed=True), int.from_bytes(b"\x00\x01", "little"), int.from_bytes([1, 2], "big"))
try:
    (256).to_bytes(1, "big")
except OverflowError as e:
    print(e)
print(pow(3, -1, 7), pow(2, -3, 11), pow(38, -1, 97), pow(3, -1, -7), pow(3, 2, -7), pow(-3, 3, 7), pow(-3, 3, -7), pow(5, 0, 3))
print(range(10)[2:7:2], range(10)[::-3], range(5)[10:], range(0, 20, 3)[1:-1], list(range(10)[::-3]))
