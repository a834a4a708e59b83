# What a thousand objects of each kind take from the small-object
# allocator: sys._debugmallocstats() before and after, on stderr (which
# tests/block_sizes.rs reads, on minipy and on python3), and each kind's
# sys.getsizeof on stdout.
import sys

class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

kinds = [
    ("int", lambda i: i + 1000),
    ("float", lambda i: i + 0.5),
    ("str", lambda i: "x%06d" % i),
    ("tuple", lambda i: (i % 100, None)),
    ("list", lambda i: [i % 100, None, None]),
    ("dict", lambda i: {"a": i % 100}),
    ("instance", lambda i: Point(i % 100, None)),
]
N = 1000
for name, make in kinds:
    sys.stderr.write("before " + name + "\n")
    sys.stderr.flush()
    sys._debugmallocstats()
    keep = [make(i) for i in range(N)]
    sys.stderr.write("after " + name + "\n")
    sys.stderr.flush()
    sys._debugmallocstats()
    print(name, sys.getsizeof(keep[0]))
    del keep
