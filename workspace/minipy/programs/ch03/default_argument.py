# minipy: min-stage=refcount
# A default value belongs to the function object and lives as long as it does.
import sys
class Tracked:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("freed", self.name)

def f(x=Tracked("default")):
    return x.name

print(f())
del f
print("function deleted")
