def counter():
    count = [0]
    def step():
        count[0] += 1
        return count[0]
    return step

c = counter()
c()
c()
print(c())
def adder(n):
    return lambda x: x + n
add5 = adder(5)
print(add5(10), (lambda: 7)())
def outer():
    a = 1
    def middle():
        def inner():
            return a + 1
        return inner()
    return middle()
print(outer())
fs = [lambda i=i: i * 10 for i in range(3)]
print([f() for f in fs])
