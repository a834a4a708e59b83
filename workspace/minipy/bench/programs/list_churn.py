# Allocate and immediately drop many small lists.
total = 0
for i in range(2000000):
    pair = [i, i + 1]
    total += len(pair)
print(total)
