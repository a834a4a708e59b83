# minipy: min-stage=refcount
# `del` removes a name, not an object: the object goes when its last name does.
class Tracked:
    def __del__(self):
        print("freed")

a = Tracked()
b = a
del a
print("a deleted; b still refers to it")
del b
print("b deleted")
