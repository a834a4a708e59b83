# minipy: min-stage=finalizers
# With DEBUG_SAVEALL every garbage cycle goes to gc.garbage. One that holds
# a function of the module keeps __main__'s dict alive through the
# shutdown, so no global is finalized at exit.
import gc

class Noisy:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("__del__", self.name)

def helper():
    return 1

kept = Noisy("a global")
gc.set_debug(gc.DEBUG_SAVEALL)
cycle = [helper]
cycle.append(cycle)
del cycle
print(gc.collect(), len(gc.garbage), gc.garbage[0][0] is helper)
print("end of program")
