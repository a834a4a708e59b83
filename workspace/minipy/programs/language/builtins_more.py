# More built-ins: int() with a base, round() of ints to tens, globals(),
# __file__, nonlocal declared before the binding, exit().
print(int("0x10", 16), int("ff", 16), int("11", base=2), int("0o17", 0), int("-z", 36), int("1" * 30, 2))
try:
    int("12", 2)
except ValueError as e:
    print(e)
print(round(5, -1), round(15, -1), round(25, -1), round(-35, -1), round(1234, -2), round(7, 2))
print(globals()["__name__"], "__name__" in globals(), __file__.endswith("builtins_more.py"))
counter = 0
def bump():
    global counter
    counter += 1
bump()
print(globals()["counter"])
def outer():
    def inner():
        nonlocal late
        late += 1
    late = 1
    inner()
    return late
print(outer())
print("exiting with status 3")
exit(3)
print("never printed")
