# yield from: delegates to a sub-generator, forwarding what is sent and
# evaluating to what the sub-generator returns.
def inner():
    received = yield "inner ready"
    print("  inner got", received)
    yield "inner second"
    return "inner result"

def outer():
    result = yield from inner()
    print("  outer got", result)
    yield from range(2)
    yield from [x * 10 for x in range(2)]
    return "done"

g = outer()
print(next(g), g.send("hello"), list(g))
def flatten(items):
    for item in items:
        if isinstance(item, list):
            yield from flatten(item)
        else:
            yield item
print(list(flatten([1, [2, [3, 4]], 5])))
def averager():
    total, count = 0, 0
    while True:
        value = yield
        if value is None:
            return total / count
        total += value
        count += 1
def collect(results):
    while True:
        results.append((yield from averager()))
results = []
c = collect(results)
next(c)
for v in [1, 2, 3, None, 10, None]:
    c.send(v)
print(results)
