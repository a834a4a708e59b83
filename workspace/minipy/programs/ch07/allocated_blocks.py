# minipy: min-stage=pymalloc
# sys.getallocatedblocks(): the small-object allocator's blocks in use, up
# by at least a block per list (its object, and its array of one item)
# and back down when they are freed.
import sys
before = sys.getallocatedblocks()
objs = [[i] for i in range(10000)]
during = sys.getallocatedblocks()
del objs
after = sys.getallocatedblocks()
print(during - before >= 10000, abs(after - before) < 500)
