def check(n):
    if n < 0:
        raise ValueError(f"negative: {n}")
    return n

for value in [1, -1]:
    try:
        print("ok", check(value))
    except ValueError as e:
        print("caught", e, e.args)
    else:
        print("no exception")
    finally:
        print("finally", value)

def cleanup():
    try:
        return "from try"
    finally:
        print("finally runs before return")
print(cleanup())

try:
    try:
        1 / 0
    except ZeroDivisionError:
        print("inner")
        raise
except ZeroDivisionError as e:
    print("outer", e)

try:
    raise KeyError
except (TypeError, KeyError) as e:
    print("tuple of classes", repr(e))

for i in range(3):
    try:
        if i == 1:
            continue
        print("body", i)
    finally:
        print("finally", i)

try:
    [][1]
except IndexError as e:
    print(e)
try:
    undefined_name
except NameError as e:
    print(e)
try:
    "a" + 1
except TypeError as e:
    print(e)
assert True, "never"
try:
    assert 1 == 2, "math is broken"
except AssertionError as e:
    print("assert:", e)
