class Animal:
    def __init__(self, name):
        self.name = name
    def speak(self):
        return "..."
    def describe(self):
        return f"{self.name} says {self.speak()}"

class Dog(Animal):
    def speak(self):
        return "woof"

class Puppy(Dog):
    def __init__(self, name):
        Animal.__init__(self, name)
        self.young = True

for a in [Animal("generic"), Dog("rex"), Puppy("bit")]:
    print(a.describe(), isinstance(a, Dog), isinstance(a, Animal))
class MyError(ValueError):
    pass
try:
    raise MyError("custom")
except ValueError as e:
    print(type(e).__name__, e, isinstance(e, Exception))
