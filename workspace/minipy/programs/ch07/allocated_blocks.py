# minipy: min-stage=pymalloc
# sys.getallocatedblocks(): the small-object allocator's blocks in use, up
# by one block per list (its object; an item array of one is a block too)
# and back down when they are freed.
import sys
before = sys.getallocatedblocks()
objs = [[i] for i in range(10000)]
during = sys.getallocatedblocks()
del objs
after = sys.getallocatedblocks()
print(during - before >= 10000, abs(after - before) < 500)
