# str.format's field errors, format codes a type does not know, and the
# built-ins that take exactly one argument.
for f in [lambda: "{missing}".format(), lambda: "{0} {}".format(1, 2), lambda: "{} {0}".format(1, 2), lambda: "{1}".format(1), lambda: "{a.b}".format(a=1), lambda: "{0[5]}".format([1]), lambda: "{:d}".format("abc"), lambda: format([], "x"), lambda: len(1, 2), lambda: len()]:
    try:
        print(f())
    except (KeyError, ValueError, IndexError, AttributeError, TypeError) as e:
        print(type(e).__name__, e)
for f in [lambda: abs(1, 2), lambda: repr(), lambda: hash(1, x=2), lambda: ord("a", "b"), lambda: chr(), lambda: id(1, 2), lambda: callable()]:
    try:
        print(f())
    except TypeError as e:
        print(e)
for spec, v in [("abc", 1), ("d", "s"), ("s", 1), ("x", 1.5), ("d", 1.5), ("q", 1), ("10.2q", 2.0), (",x", 5), ("z", 1)]:
    try:
        print(format(v, spec))
    except ValueError as e:
        print(e)
