# float ** that overflows or divides by zero raises; dict | dict makes a new dict.
cases = [lambda: 2.0 ** 10000, lambda: 10.0 ** 400, lambda: 0.0 ** -1, lambda: 2 ** 0.5, lambda: (-2.0) ** 2,
         lambda: 1e308 * 10, lambda: 2 ** -1, lambda: 0 ** -1, lambda: 2.0 ** -1100, lambda: float('inf') ** 2]
for case in cases:
    try:
        print(case())
    except (OverflowError, ZeroDivisionError) as e:
        print(type(e).__name__, e)
a = {"a": 1, "b": 2}; b = {"b": 3, "c": 4}
print(a | b, b | a, a)
a |= {"z": 0}
print(a)
try:
    a | [1]
except TypeError as e:
    print(e)
