t = (1, 2, 3)
a, b, c = t
print(a, b, c, t, len(t), t[1], (5,), ())
x, y = y, x = 1, 2
print(x, y)
first, second = "hi"
print(first, second)
for i, (k, v) in enumerate([("a", 1), ("b", 2)]):
    print(i, k, v)
for p, q in zip([1, 2, 3], "xyz"):
    print(p, q)
print(t.index(2), t.count(3), t + (4,), tuple([1, 2]))
try:
    a, b = (1, 2, 3)
except ValueError as e:
    print("ValueError:", e)
