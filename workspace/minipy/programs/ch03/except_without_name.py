# minipy: min-stage=refcount
# Without `as`, the exception is released when the handler finishes.
class Tracked:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("freed", self.name)

def fail():
    local = Tracked("local")
    raise KeyError("k")

try:
    fail()
except KeyError:
    print("in handler")
print("after handler")
