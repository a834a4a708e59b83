# Integers have no upper bound: results beyond 64 bits become big ints,
# and sys.getsizeof grows by 4 bytes per 30-bit digit, as in CPython.
import sys
print(2 ** 100, -2 ** 100, 2 ** 64, 2 ** 63, -(2 ** 63))
print(10 ** 20 // 3, 10 ** 20 % 7, -(10 ** 20) // 3, divmod(10 ** 20, 12345))
f = 1
for i in range(1, 31):
    f *= i
print("30! =", f)
print(f // 2 ** 20, f >> 10, f << 3, f & 0xFFFF, f | 1, f ^ f, ~(2 ** 70))
print(9223372036854775807 + 1, -9223372036854775808 - 1, 3037000500 * 3037000500)
print(abs(-2 ** 70), int("123456789012345678901234567890") + 1, int(1e20), float(2 ** 70))
print(2 ** 100 == 2 ** 100, 2 ** 100 > 2 ** 99, 2 ** 64 > 1.5, 2 ** 70 < 1e30, 2 ** 53 + 1 == 2 ** 53 + 1.0)
print(hex(2 ** 70), bin(2 ** 65), oct(-2 ** 64), pow(2, 100, 1000007), pow(3, 200))
print((2 ** 100) / 2 ** 98, 10 ** 30 / 10 ** 10, 7 / 2)
print(sys.getsizeof(0), sys.getsizeof(1), sys.getsizeof(2 ** 30 - 1), sys.getsizeof(2 ** 30), sys.getsizeof(2 ** 60), sys.getsizeof(2 ** 100), sys.getsizeof(-2 ** 100))
d = {2 ** 100: "big", 1: "one"}
print(d[2 ** 100], 2 ** 100 in d, (2 ** 64) in {2 ** 64})
print(f"{2 ** 70}", str(2 ** 70), repr(-2 ** 70), len(str(2 ** 1000)))
print(sum([2 ** 62, 2 ** 62, 2 ** 62]), max(2 ** 80, 3), sorted([2 ** 65, -2 ** 65, 0]))
print(isinstance(2 ** 100, int), type(2 ** 100).__name__, bool(2 ** 100), (2 ** 100).bit_length())
print(123456789 * 987654321 * 1000000007)
print(f"{2**70:,}", f"{10**19:>25}")
