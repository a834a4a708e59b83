# minipy: min-stage=refcount
# list.clear() empties the list first, then drops the items last to first.
class Tracked:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("freed", self.name)

l = [Tracked("0"), Tracked("1"), Tracked("2")]
l.clear()
print("cleared", l)
