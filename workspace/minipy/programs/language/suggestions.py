# A NameError or AttributeError knows the name it is about (and an
# AttributeError the object, which it keeps alive). When the interpreter
# prints one that ends the program, 3.11 suggests the closest name; the
# traceback module and the "Exception ignored" report do not.
import sys
import traceback


class Point:
    def __init__(self):
        self.value = 1

    def __del__(self):
        print(self.valeu)


p = Point()
try:
    p.valu
except AttributeError as error:
    print(error.name, error.obj is p, sys.getrefcount(p), vars(error))
try:
    undefined_thing
except NameError as error:
    print(error.name, vars(error), NameError("x").name, AttributeError("y").obj)


def count():
    counter = 1
    return countr


try:
    count()
except NameError:
    print(traceback.format_exc().splitlines()[-1])


class Custom(AttributeError):
    def __init__(self):
        self.name = "set by the class"


print(vars(Custom()), Custom().name)
del p
lenn([])
