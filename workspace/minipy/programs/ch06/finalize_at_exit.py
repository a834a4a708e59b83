# minipy: min-stage=finalizers
# weakref.finalize keeps itself in a registry, so a finalizer nobody holds
# still runs when its object dies; those still alive at exit run then,
# newest first, after the atexit functions registered later (atexit calls
# its functions last registered first, and finalize registers itself at
# its first use).
import atexit
import weakref
class Resource:
    def __init__(self, name): self.name = name
def closing(name):
    print("closing", name)
temporary = Resource("temporary")
weakref.finalize(temporary, closing, "temporary")
del temporary
first = Resource("first")
second = Resource("second")
f1 = weakref.finalize(first, closing, "first")
f2 = weakref.finalize(second, closing, "second")
quiet = Resource("quiet")
f3 = weakref.finalize(quiet, closing, "quiet")
f3.atexit = False
print(f1.alive, f1.atexit, f3.atexit, f2.peek()[2])
called = weakref.finalize(Resource("called"), closing, "called")
print(called.alive)
gone = Resource("detached")
detached = weakref.finalize(gone, closing, "detached")
print(detached.detach()[2], detached.alive, detached())
@atexit.register
def goodbye():
    print("atexit: goodbye")
def farewell(who, punctuation="."):
    print("atexit: farewell", who + punctuation)
atexit.register(farewell, "world", punctuation="!")
atexit.register(farewell, "nobody")
atexit.unregister(farewell)
print("end of program")
