# minipy: min-stage=finalizers
# A function of the module left in gc.callbacks holds __main__'s dict (its
# __globals__), so at exit CPython 3.11 never finds the module garbage: no
# __del__ of what only its names hold runs, not even a cycle's. What the
# program stored in a module python3 keeps (os) is still let go, and freed
# by its count.
import gc
import os

class Noisy:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("__del__", self.name)

kept = Noisy("a global")
ring = Noisy("a ring")
ring.me = ring
del ring
os.kept = Noisy("stored in os")
stops = []
gc.callbacks.append(lambda phase, info: stops.append(phase))
print(kept.__init__.__globals__ is globals(), Noisy.__del__.__globals__ is globals())
print("end of program")
