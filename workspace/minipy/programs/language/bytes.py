# bytes and bytearray: literals, constructors, operators, indexing,
# hashing, encode and decode, sizes.
import sys
b = bytearray(10)
print(len(b), b[0], b)
c = bytes(5)
print(c, len(c), bytes([65, 66, 67]), bytes("hé", "utf-8"), "é".encode(), b"hi".decode())
print(b"abc" + b"d", b"ab" * 3, 2 * b"x", b"a\\n'\"\t\x00\xff", b'it\'s', b"b" in b"abc", 98 in b"abc")
print(b"abc"[1], b"abcdef"[1:4], b"abc" == b"abc", b"abc" == bytearray(b"abc"), b"" == bytes(), list(b"hi"))
ba = bytearray(b"xyz")
ba[0] = 65
ba.append(66)
ba.extend(b"!!")
print(ba, len(ba), ba.hex(), bytes(ba))
print(hash(b"abc") == hash("abc"), {b"k": 1}[b"k"], sys.getsizeof(b""), sys.getsizeof(b"abc"), sys.getsizeof(bytearray()), sys.getsizeof(bytearray(10)))
print(type(b).__name__, type(c).__name__, isinstance(c, bytes), bool(b""), bool(b"a"))
big = bytearray(50 * 1024 * 1024)
print(len(big))
try:
    hash(bytearray())
except TypeError as e:
    print(e)
try:
    c[0] = 1
except TypeError as e:
    print(e)
