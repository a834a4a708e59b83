# What sys.getsizeof reports for a few objects (CPython 3.11, 64-bit).
import sys
print(sys.getsizeof(None))
print(sys.getsizeof(0), sys.getsizeof(1), sys.getsizeof(2 ** 40))
print(sys.getsizeof(1.5))
print(sys.getsizeof(""), sys.getsizeof("abc"))
print(sys.getsizeof(()), sys.getsizeof((1, 2)))
print(sys.getsizeof({}))
