# An augmented assignment that fails names its own operator.
for f in [lambda: [1] + 1, lambda: None + 1]:
    try: f()
    except TypeError as e: print(e)
t = 0
try:
    t += "x"
except TypeError as e:
    print(e)
s = "a"
try:
    s -= 1
except TypeError as e:
    print(e)
l = [1]
try:
    l *= "x"
except TypeError as e:
    print(e)
x = 5
x **= 2; x //= 3; x %= 5; x <<= 2; x |= 1; print(x)
d = {1: 2}
try:
    d += {3: 4}
except TypeError as e:
    print(e)
