# minipy: min-stage=generations
# An exception keeps args, __traceback__, __cause__ and __context__ in fields
# of its own (CPython 3.11's PyBaseExceptionObject); any other attribute goes
# in a __dict__ the exception makes when the first one is set. That dict is
# one more object for the collector to find, once it holds a container.
import gc

gc.disable()


class AppError(Exception):
    def __init__(self, message, code):
        super().__init__(message)
        self.code = code


e = AppError("disk full", 28)
print("fields are not in __dict__:", e.__dict__, e.args)

e = ValueError("plain")
e.me = e          # the dict now holds a container: it is tracked
del e
print("exception + its dict:", gc.collect())

e = AppError("x", 1)
e.me = e
del e
print("with args tuple too:", gc.collect())

e = KeyError("k")
e.__context__ = e  # a field: no dict
del e
print("a field alone:", gc.collect())

try:
    raise AppError("boom", 5)
except AppError as err:
    print(sorted(err.__dict__), err.code, err.args)
    err.code = 6
    del err.code
    print(err.__dict__, hasattr(err, "code"))

# The count: the dict is made, and counted, with the first attribute.
gc.collect()
before = gc.get_count()[0]
errors = [AppError(str(i), i) for i in range(10)]
print("ten AppErrors:", gc.get_count()[0] - before)
del errors
print("and freed:", gc.get_count()[0] - before)

e = AppError("y", 2)
e.__dict__
e.args = (9,)
e.__traceback__ = None
print(e.args, vars(e))
