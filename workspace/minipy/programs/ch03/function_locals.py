# minipy: min-stage=refcount
# A function's locals die when it returns, in the order they were created.
class Tracked:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("freed", self.name)

def work(arg):
    first = Tracked("first")
    second = Tracked("second")
    print("returning")
    return Tracked("result")

r = work(Tracked("argument"))
print("back with", r.name)
