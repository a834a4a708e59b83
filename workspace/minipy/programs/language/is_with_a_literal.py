# `is` compares identity. With a literal operand the answer depends on which
# objects the interpreter shares, so CPython's compiler warns before the
# program runs (once per comparison, not for None, True, False or ...).
x = 5
if x is 5:
    print("five")
if x is not "a":
    print("not a")
if x is None or x is True or x is ...:
    print("never")
items = [1]
print(items is [1], 1 is 1 is 1, () is ())
