# minipy: min-stage=refcount
# raise ... from ..., implicit chaining (__context__), custom exceptions
# calling the base __init__, and what an exception's context keeps alive.
class Tracked:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("  free", self.name)

class AppError(Exception):
    def __init__(self, message, code=1):
        super().__init__(message)
        self.code = code

def convert(text):
    try:
        return int(text)
    except ValueError as e:
        raise AppError("bad number", code=2) from e

try:
    convert("x")
except AppError as e:
    print(e, e.code, e.args, type(e.__cause__).__name__, e.__suppress_context__)

def fails_with(obj):
    raise KeyError(obj.name)

try:
    try:
        fails_with(Tracked("first"))
    except KeyError:
        raise RuntimeError("second")
except RuntimeError as e:
    print("caught", e, "context:", repr(e.__context__))
    print("the first exception's frame still holds its argument")
print("after the handler")

def with_return():
    try:
        return "from try"
    finally:
        print("finally before return")
print(with_return())
try:
    assert 1 > 2
except AssertionError as e:
    print("assert", repr(e))
try:
    raise RuntimeError
except RuntimeError as e:
    print(repr(e), str(e) == "", e.__cause__, e.__context__)

def outer():
    try:
        convert("y")
    except AppError as e:
        raise RuntimeError("outer failed") from e
outer()
