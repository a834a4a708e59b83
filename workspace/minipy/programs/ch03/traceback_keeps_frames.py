# minipy: min-stage=refcount
# Holding on to an exception keeps every frame it went through, and their locals.
class Tracked:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("freed", self.name)

def inner():
    x = Tracked("inner local")
    raise RuntimeError("deep")

def outer():
    y = Tracked("outer local")
    inner()

saved = None
try:
    outer()
except RuntimeError as e:
    saved = e
print("handler done; the frames are kept by saved")
saved = None
print("saved dropped")
