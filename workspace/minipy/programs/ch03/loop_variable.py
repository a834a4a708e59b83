# minipy: min-stage=refcount
# A for loop's variable keeps the last item alive after the loop.
class Tracked:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("freed", self.name)

def loop():
    for item in [Tracked("0"), Tracked("1"), Tracked("2")]:
        print("visiting", item.name)
    print("loop done, item is", item.name)

loop()
print("function returned")
