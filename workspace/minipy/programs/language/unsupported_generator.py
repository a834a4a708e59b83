# minipy: cpython-differs (generators are outside the subset: a clear error, not a crash)
def gen():
    yield 1
print("never runs")
