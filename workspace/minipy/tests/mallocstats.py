# sys._debugmallocstats() prints the small-object allocator's state on
# stderr. The numbers depend on everything the interpreter has allocated,
# so tests/mallocstats.rs compares its report with python3's
# line by line with the numbers masked, not word for word.
import sys

ints = [n * 1000 for n in range(3000)]
lists = [[] for n in range(1000)]
del ints[::2]
sys._debugmallocstats()
print("done")
