# minipy: min-stage=refcount
# A closure keeps the variables it captured alive after the function returned.
class Tracked:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("freed", self.name)

def make_getter():
    captured = Tracked("captured")
    other = Tracked("not captured")
    def get():
        return captured.name
    return get

g = make_getter()
print("got", g())
del g
print("closure gone")
