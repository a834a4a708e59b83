# minipy: min-stage=refcount
# `del` of the only reference frees the object on that very line.
# A list has no __del__, so each list here holds a Witness: the witness is
# freed exactly when its list is, and says so.


class Witness:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("  freed: the list holding", self.name)


a = [Witness("w1")]
print("del a")
del a
print("after del a")

a = [Witness("w2")]
b = a
print("del a (b still refers to the list)")
del a
print("del b")
del b
print("after del b")
