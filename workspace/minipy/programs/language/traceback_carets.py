# CPython 3.11 underlines, under each traceback line, the expression that
# failed: an operator with ^ between ~ operands, a subscript's brackets, a
# call or attribute whole; nothing when it is the whole line.
import traceback


def show(function):
    try:
        function()
    except Exception:
        for line in traceback.format_exc().splitlines()[1:]:
            if line.startswith('  File "'):
                # The file's name only, wherever the program is run from.
                line = '  File "' + line[line.rindex("/") + 1:]
            print(line)


def divide():
    x = 1 / 0


def lookup(d={}):
    return d["key"] + 1


def floor():
    a = [1]
    return a[0] // 0 + 1


def attribute():
    print(divide.missing)


def call():
    import math
    return math.sqrt(-1)


def whole_line():
    divide()


def augmented(d={}):
    d["k"] += 1


def spread():
    return max(1,
               1 / 0)


def text():
    return "a" + 1


def comprehension():
    return [divide() for _ in range(2)]


def chained():
    x = 1
    x.y.z = 3


for f in [divide, lookup, floor, attribute, call, whole_line, augmented, spread, text,
          comprehension, chained]:
    show(f)


class Loud:
    def __del__(self):
        self.missing + 1


Loud()
lookup()
