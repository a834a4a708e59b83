# A run of more than three frames for one line of one function is printed
# as three and a count, by the interpreter and by the traceback module.
def f(n):
    return f(n + 1)
def g(n):
    if n == 0:
        raise ValueError("bottom")
    return g(n - 1)
import traceback
try:
    g(5)
except ValueError:
    traceback.print_exc()
try:
    g(4)
except ValueError as e:
    print("".join(traceback.format_exception(e)).replace(__file__, "this file"), end="")
g(3)
