# minipy: min-stage=refcount
# The exception keeps its traceback, the traceback keeps the failing frame,
# the frame keeps its locals: all of it goes when the except block ends.
class Tracked:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("freed", self.name)

def fail():
    local = Tracked("local of fail")
    raise ValueError("boom")

try:
    fail()
except ValueError as e:
    print("handling", e)
    print("the local is still alive")
print("after the except block")
