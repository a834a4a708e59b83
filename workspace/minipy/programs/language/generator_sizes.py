# A generator's size is its frame's: one word per local and per stack slot.
import sys
def g():
    yield 1
def h(a, b):
    c = a + b
    yield c
def gen(n):
    for i in range(n):
        yield i
def gen2(data):
    total = 0
    for item in data:
        total += item
        yield total
def reader(lines):
    for line in lines:
        if line.startswith("#"):
            continue
        yield line.strip().split(",")
def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b
def chunks(items, size):
    for start in range(0, len(items), size):
        yield items[start:start + size]
print(sys.getsizeof(g()), sys.getsizeof(h(1, 2)), sys.getsizeof(gen(3)), sys.getsizeof(gen2([1])))
print(sys.getsizeof(x * x for x in range(10)), sys.getsizeof(x for x in range(10)), sys.getsizeof((x, y) for x in range(3) for y in range(2)))
print(sys.getsizeof(reader([])), sys.getsizeof(fib()), sys.getsizeof(chunks([], 2)), sys.getsizeof(str(v) for v in []))
