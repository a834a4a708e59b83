# Every object is freed on the line where its last reference goes away.
# __del__ runs at that moment, so its output shows exactly when.
class Tracked:
    def __init__(self, name):
        self.name = name
        print("  made", name)

    def __del__(self):
        print("  freed", self.name)


print("a = Tracked('first')")
a = Tracked("first")
print("b = a")
b = a
print("del a")
del a
print("b = Tracked('second')")
b = Tracked("second")


def use():
    local = Tracked("local")
    print("  leaving use()")


print("use()")
use()

print("for i in range(3): t = Tracked(...)")
for i in range(3):
    t = Tracked(f"loop {i}")
print("del t, b")
del t, b
print("end")
