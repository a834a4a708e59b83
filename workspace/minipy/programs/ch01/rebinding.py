# A parameter is one more name for the caller's object. Changing the object
# shows through every name; rebinding a name changes only that name.
def extend(items):
    items.append(0)
    items = ["new"]
    return items


a = [1, 2]
result = extend(a)
print(a)
print(result)
print(result is a)


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y


p = Point(1, 2)
q = p
q.x = 10
print(p.x, p is q)

q = Point(10, 2)
print(p.x == q.x, p is q)
