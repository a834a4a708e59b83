# minipy: cpython-differs (the value of `yield from` is outside the subset: a clear error, not a crash)
def gen():
    result = yield from [1, 2]
    return result
print("never runs")
