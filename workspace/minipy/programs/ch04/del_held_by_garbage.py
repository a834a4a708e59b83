# minipy: min-stage=cycles
# An object with __del__ that is not itself in a cycle, held only by one:
# clearing the cycle drops its last reference, and its __del__ runs as for
# any object whose count reaches zero (on every version of CPython).
import gc


class Resource:
    def __del__(self):
        print("__del__ of the resource")


cycle = []
cycle.append(cycle)
cycle.append(Resource())
del cycle
print("before the collection")
print("found:", gc.collect())
print("gc.garbage:", gc.garbage)
