# minipy: min-stage=refcount
# A saved exception keeps alive the locals of every function its traceback
# passed through, and of their callers too: each frame that outlives its
# function links to its caller's frame (f_back), which then outlives its own.
class Witness:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("freed:", self.name)


def parse():
    buffer = Witness("parse's buffer")
    raise ValueError("bad input")


def load():
    cache = Witness("load's cache")
    try:
        parse()
    except ValueError as error:
        return error


def main():
    config = Witness("main's config")
    return load()


saved = main()
print("main returned; the exception is saved")
saved = None
print("the exception is dropped")
