l = [3, 1, 2]
l.append(5)
l.insert(0, 9)
l.extend([7, 8])
print(l, len(l))
l.sort()
print(l)
l.reverse()
print(l)
print(l.index(7), l.count(1), 5 in l, 6 not in l)
print(l[1:3], l[-2:], l[::2])
l[0] = 100
del l[1]
print(l)
del l[0:2]
print(l)
print(sorted([5, 2, 8], reverse=True), sorted(["b", "a"]), sorted([(2, "b"), (1, "z")]))
print(sorted(["ccc", "a", "bb"], key=len))
print([1, 2] + [3], [0] * 3, list(range(3)), list("ab"))
c = l.copy()
print(c == l, c is l)
print(min([4, 2, 6]), max([4, 2, 6]), min(3, 1, 2), max(["a", "b"]), sum([1, 2, 3]), sum([0.5, 0.5]))
