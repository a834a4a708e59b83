# References the program never names: arguments, return values and the
# temporaries of an expression. Each is dropped the moment it is used up.
class Tracked:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("  freed", self.name)


def make(name):
    return Tracked(name)


def name_of(obj):
    return obj.name


print("make('unused')")
make("unused")
print("n = name_of(make('argument'))")
n = name_of(make("argument"))
print("  n is", n)
print("first = [make('x'), make('y')][0]")
first = [make("x"), make("y")][0]
print("  first is", first.name)
print("del first")
del first
print("end")
