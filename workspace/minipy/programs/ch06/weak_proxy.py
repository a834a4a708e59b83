# minipy: min-stage=finalizers
# weakref.proxy: a weak reference used as the object itself, until the object
# dies; then ReferenceError.
import weakref
class O:
    def __init__(self): self.x = 5; self.items = [1, 2, 3]
    def hello(self): return "hi"
o = O()
p = weakref.proxy(o, lambda pr: print("proxy callback, same proxy:", pr is p))
print(p.x, p.hello(), p.items[1])
l = [1, 2, 3]
try:
    weakref.proxy(l)
except TypeError as e:
    print("TypeError:", e)
del o
try:
    p.x
except ReferenceError as e:
    print("ReferenceError:", e)
print(issubclass(ReferenceError, Exception))
