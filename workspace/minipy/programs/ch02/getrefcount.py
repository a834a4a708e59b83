# sys.getrefcount(x) counts every reference to x, including the one its own
# argument makes while the call runs: it always reads one more than "yours".
import sys

x = []
print("x = []       ", sys.getrefcount(x))
y = x
print("y = x        ", sys.getrefcount(x))
pair = [x, x]
print("pair = [x, x]", sys.getrefcount(x))
del pair
print("del pair     ", sys.getrefcount(x))


def inside(arg):
    return sys.getrefcount(arg)


print("inside(x)    ", inside(x))
del y
print("del y        ", sys.getrefcount(x))
