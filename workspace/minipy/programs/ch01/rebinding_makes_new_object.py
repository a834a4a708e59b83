# Arithmetic makes a new object; the name is rebound to it.
x = 1000
y = x
x = x + 1
print(x, y)
print(x is y)
s = "abc"
t = s
s = s + "d"
print(s, t)
