# minipy: min-stage=refcount
# minipy: differs-on=refcount,names,cycles,generations
# Every class refers to itself (through its __mro__ tuple and its
# descriptors), so `del` of its last name leaves it alive: only the cycle
# collector can free a class, and with it what its attributes hold.
class Witness:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("freed:", self.name)


class Config:
    default = Witness("a class attribute")


del Config
print("after del Config")
loose = Witness("a global")
