# minipy: min-stage=refcount
# A list comprehension runs in its own scope: its variable dies with it.
class Tracked:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("freed", self.name)

names = [t.name for t in [Tracked("a"), Tracked("b")]]
print(names)
