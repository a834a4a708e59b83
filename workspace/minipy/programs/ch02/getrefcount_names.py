# minipy: min-stage=refcount
# sys.getrefcount counts its own argument too.
import sys
x = []
print(sys.getrefcount(x))
y = x
print(sys.getrefcount(x))
del y
print(sys.getrefcount(x))
print(sys.getrefcount([]))
