# minipy: min-stage=generations
# The name of an `except ... as name:` handler is cleared however the
# handler ends: normally, by break, continue or return, or by raising.
# Otherwise the first exception, its traceback and its frame would stay.
import gc

gc.collect()


def raising():
    try:
        try:
            raise ValueError("first")
        except ValueError as e1:
            raise TypeError("second")
    except TypeError:
        return sorted(locals())


print(raising())
print("found:", gc.collect())
def f(flag):
    for i in range(3):
        try:
            raise KeyError(i)
        except KeyError as e:
            if flag == 1 and i == 1:
                continue
            if flag == 2 and i == 1:
                break
            if flag == 3:
                return sorted(locals())
    return sorted(locals())
print(f(0), f(1), f(2), f(3))
def g():
    try:
        try:
            raise ValueError(1)
        except ValueError as e:
            raise TypeError(2)
    except TypeError as t:
        return repr(t.__context__), sorted(locals())
print(g())
def h():
    try:
        raise ValueError(1)
    except ValueError as e:
        try:
            raise KeyError(2)
        except KeyError as k:
            pass
        return sorted(locals())
print(h())

# A name a closure captured is cleared in its cell.
def f():
    try:
        raise ValueError("x")
    except ValueError as e:
        def show():
            return e
        print("in handler", repr(show()))
    print("after handler")
    try:
        show()
    except NameError as err:
        print(type(err).__name__, err)
f()
def g():
    try:
        raise KeyError(1)
    except KeyError as e:
        keep = lambda: e
        try:
            raise TypeError(2)
        except TypeError:
            pass
    return keep
k = g()
try:
    k()
except NameError as err:
    print(type(err).__name__, err)
