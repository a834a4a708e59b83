# The sys module beyond reference counts (maxsize, argv, the standard
# streams, the recursion limit) and a math module.
import sys, math
print(sys.maxsize, len(sys.argv), sys.platform)
print("to stderr", file=sys.stderr)
sys.stdout.write("written\n")
print(math.sqrt(16), math.floor(2.7), math.ceil(2.1), math.pi, math.log(math.e), math.log2(8), math.log10(1000))
print(math.factorial(20), math.factorial(25), math.gcd(12, 18), math.isqrt(99), math.prod([1, 2, 3, 4]), math.fabs(-2), math.isclose(0.1 + 0.2, 0.3))
print(math.inf, -math.inf, math.isnan(math.nan), math.exp(0), math.floor(-2.5), round(math.sin(0), 3))
sys.setrecursionlimit(2000)
print(sys.getrecursionlimit())
def deep(n):
    return 0 if n == 0 else 1 + deep(n - 1)
print(deep(1500))
class A: pass
a = A(); a.x = 1
delattr(a, "x")
print(hasattr(a, "x"))
try:
    math.sqrt(-1)
except ValueError as e:
    print(e)
from math import *
print(sqrt(81), floor(pi), gcd(12, 30))
