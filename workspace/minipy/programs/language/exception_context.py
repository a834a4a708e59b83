# An exception's context attributes: __context__, __cause__ and __suppress_context__.
try:
    raise TypeError("t")
except TypeError as e:
    print(e.__suppress_context__)
try:
    try:
        raise KeyError(1)
    except KeyError:
        raise ValueError(2) from None
except ValueError as e:
    print(e.__suppress_context__, e.__cause__, type(e.__context__).__name__)
try:
    try:
        raise KeyError(1)
    except KeyError as inner:
        raise ValueError(2) from inner
except ValueError as e:
    print(e.__suppress_context__, type(e.__cause__).__name__, e.__cause__ is e.__context__)
e = ValueError(3)
print(e.__context__, e.__cause__, e.__suppress_context__, e.__traceback__)
