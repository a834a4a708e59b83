# OSError keeps errno, strerror and filename as attributes; OSError(errno, ...)
# makes the subclass for that number; open() raises them with all three.
e = OSError(2, "No such file", "a.txt")
print(e, e.args, e.errno, e.strerror, e.filename, e.filename2, e.__dict__)
e = OSError("plain")
print(e, e.errno, e.args)
e = PermissionError(13, "Permission denied")
print(e, repr(e), e.filename)
print(repr(OSError(1, "a", "b")), str(OSError(1, "a", "b", None, "c")))
for errno in (1, 2, 4, 11, 17, 20, 21, 32, 104, 110, 111, 999):
    print(errno, type(OSError(errno, "x")).__name__)
print(type(OSError(2)).__name__, IOError is OSError, EnvironmentError is OSError)
try:
    open("/")
except IsADirectoryError as e:
    print("directory:", e, e.errno)
try:
    open("/no/such/dir/file.txt")
except OSError as e:
    print(type(e).__name__, e, e.args, e.filename)


class MissingConfig(OSError):
    def __init__(self, path):
        super().__init__(2, "config missing", path)
        self.path = path


e = MissingConfig("app.toml")
print(e, e.args, e.filename, e.__dict__)
e.errno = 7
print(e)
print([c.__name__ for c in ConnectionError.__subclasses__()])
for warning in (ResourceWarning, DeprecationWarning, UserWarning, RuntimeWarning):
    print(warning.__name__, issubclass(warning, Warning), warning.__mro__[1].__name__)
print(issubclass(UnicodeDecodeError, ValueError), issubclass(TabError, SyntaxError))
print(issubclass(FloatingPointError, ArithmeticError), BufferError.__mro__)
raise ConnectionRefusedError(111, "Connection refused")
