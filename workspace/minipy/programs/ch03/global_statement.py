# minipy: min-stage=refcount
# `global` makes a function rebind a module name; the old object goes then.
class Tracked:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("freed", self.name)

current = Tracked("old")
def replace():
    global current
    current = Tracked("new")
    print("replaced")

replace()
print("now", current.name)
