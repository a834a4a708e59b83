# minipy: min-stage=refcount
# A paused generator freed with the container that held it is closed first:
# its finally block runs inside the decref, like a __del__.
def numbers(tag):
    try:
        yield 1
        yield 2
    finally:
        print("closed", tag)
def make():
    g = numbers("in a list")
    next(g)
    return [g]
holder = make()
print("dropping the list")
holder = None
print("dropped")
pair = {"gen": numbers("in a dict")}
next(pair["gen"])
del pair
print("end")
