# `a = []; del a`: on the refcount stage the object goes at the `del` line.
class Probe:
    def __del__(self):
        print("freed")

a = []
del a
print("after del of a list")
a = Probe()
print("before del")
del a
print("after del")
