# minipy: min-stage=finalizers
# A module that only __main__ holds (gc, copy, weakref: python3 has not
# imported them before the program) is garbage with __main__ at exit, so
# what the program stored in it is finalized in the same collection as the
# globals are, rings included.
import copy
import gc

class Noisy:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("__del__", self.name)

gc.kept = Noisy("in gc")
copy.kept = [Noisy("in a list in copy")]
ring = Noisy("a ring in gc")
ring.me = ring
gc.ring = ring
del ring
name = Noisy("a global")
print("end of program")
