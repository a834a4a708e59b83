for i in range(10):
    if i == 2:
        continue
    if i == 5:
        break
    print("for", i)
else:
    print("not printed")
for i in range(2):
    pass
else:
    print("for-else runs without break")
n = 0
while n < 3:
    n += 1
    if n == 10:
        break
else:
    print("while-else", n)
x = 7
if x < 5:
    print("small")
elif x < 10:
    print("medium")
else:
    print("large")
print("yes" if x else "no", x > 5 and x < 10, x < 5 or x == 7, not x)
print(None or "default", 0 and 1, [] or [1])
for i in range(10, 0, -3):
    print(i, end=" ")
print()
print(list(range(5, 0, -1)), len(range(0, 10, 3)), 3 in range(5))
for k in {"one": 1, "two": 2}:
    print(k)
