# minipy: min-stage=refcount
# The count reaches zero at `del`, and __del__ runs right there.
class Noisy:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("__del__ of", self.name)

a = Noisy("a")
print("before del")
del a
print("after del")
