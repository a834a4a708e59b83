# Temporary lists from comprehensions and tuples from zip.
total = 0
for round in range(150):
    squares = [x * x for x in range(10000)]
    pairs = list(zip(squares, squares))
    total += len(pairs)
print(total)
