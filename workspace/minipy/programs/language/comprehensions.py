print([x * 2 for x in range(5)])
print([x for x in range(10) if x % 3 == 0])
print([(x, y) for x in range(3) for y in "ab" if x != 1])
print([[j for j in range(i)] for i in range(4)])
print(sum(x for x in range(5)), any(x > 3 for x in [1, 5]), all([]))
words = ["apple", "kiwi", "banana"]
print([w.upper() for w in words if len(w) > 4])
