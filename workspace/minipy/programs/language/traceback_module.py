# traceback: print_exc/format_exc, format_exception (chained too), extract_tb's
# FrameSummary items, format_tb, limits, and the stack; printed as minipy prints
# an uncaught exception.
import traceback, sys
def inner():
    raise ValueError("bad value")
def outer():
    inner()
try:
    outer()
except ValueError as e:
    traceback.print_exc()
    text = traceback.format_exc()
    print(text.splitlines()[0], "|", text.splitlines()[-1], len(text.splitlines()))
    parts = traceback.format_exception(e)
    print(len(parts), parts[0], parts[-1], end="")
    print(traceback.format_exception_only(e))
    print(traceback.format_exception_only(type(e), e))
    tb = e.__traceback__
    for fs in traceback.extract_tb(tb):
        print(fs.filename[-5:], fs.lineno, fs.name, fs.line)
        filename, lineno, name, line = fs
        print(name, lineno, fs == (fs.filename, lineno, name, line))
    print(repr(traceback.extract_tb(tb)[-1]).replace(__file__, "F"))
    print(len(traceback.format_tb(tb)), traceback.format_tb(tb)[-1].replace(__file__, "F"), end="")
    print(len(traceback.extract_tb(tb, limit=1)), traceback.extract_tb(tb, 1)[0].name)
    traceback.print_tb(tb)
    traceback.print_exception(e)
    traceback.print_exception(type(e), e, tb)
    traceback.print_exception(e, limit=1)
    # To stdout: the file's path is this machine's, so it is replaced.
    print(traceback.format_exc().replace(__file__, "F"), end="")
print(repr(traceback.format_exc()))
try:
    try:
        {}["k"]
    except KeyError:
        raise RuntimeError("while handling")
except RuntimeError as e:
    traceback.print_exc()
    print(len(traceback.format_exception(e)), len(traceback.format_exception(e, chain=False)))
try:
    try:
        1 / 0
    except ZeroDivisionError as z:
        raise TypeError("from it") from z
except TypeError:
    traceback.print_exc()
    traceback.print_exc(chain=False)
def show():
    for line in traceback.format_stack():
        print(line.replace(__file__, "F"), end="")
    print([(f.name, f.lineno) for f in traceback.extract_stack()])
    traceback.print_stack()
def caller():
    show()
caller()
print(traceback.format_exception_only(None))
def f(n):
    if n == 0:
        raise KeyError("deep")
    f(n - 1)
try:
    f(3)
except KeyError as e:
    for lim in (0, 1, 2, -1, -2, None):
        print(lim, len(traceback.format_exception(e, limit=lim)), [x.name for x in traceback.extract_tb(e.__traceback__, limit=lim)])
    print(traceback.format_exception_only(e)[0], end="")
    print(traceback.format_tb(None), traceback.extract_tb(None))
for bad in [lambda: traceback.format_tb(5), lambda: traceback.format_exception(), lambda: traceback.extract_tb(None, limit="x")]:
    try: bad()
    except Exception as ex: print(type(ex).__name__, ex)
print(traceback.format_exception(ValueError("no tb")))
print(traceback.format_list([("a.py", 3, "f", "x = 1"), ("b.py", 4, "g", None)]))
class MyErr(Exception): pass
try: raise MyErr()
except MyErr as e: print(traceback.format_exception_only(e))
print(traceback.format_exc())
