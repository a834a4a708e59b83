# minipy: min-stage=refcount
# Rebinding a name drops its old object at once.
class Tracked:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("freed", self.name)

x = Tracked("first")
x = Tracked("second")
print("rebound")
x = None
print("end")
