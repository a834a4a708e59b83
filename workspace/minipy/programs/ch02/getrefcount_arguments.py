# minipy: min-stage=refcount
# Inside a function the parameter is one more reference (moved from the caller's stack).
import sys
x = []
def one(arg):
    return sys.getrefcount(arg)
def two(arg):
    alias = arg
    return sys.getrefcount(arg)
print(one(x))
print(two(x))
print(one([]))
