# minipy: min-stage=refcount
# A returned object lives on; an ignored return value dies at the end of the statement.
class Tracked:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("freed", self.name)

def make(name):
    return Tracked(name)

kept = make("kept")
make("ignored")
print("after the call")
