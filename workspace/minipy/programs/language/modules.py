import sys
import gc
import time
from time import perf_counter
start = time.perf_counter()
print(type(sys.getrefcount([])).__name__, sys.getrecursionlimit())
print(isinstance(gc.collect(), int), gc.isenabled())
print(perf_counter() >= start)
try:
    import nosuchmodule
except ModuleNotFoundError as e:
    print(e)
