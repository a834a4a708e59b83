x = 1
del x
try:
    print(x)
except NameError as e:
    print(e)
def f():
    y = 2
    del y
    try:
        return y
    except UnboundLocalError as e:
        return str(e)
print(f())
class C:
    pass
c = C()
c.a = 1
del c.a
print(hasattr(c, "a"))
l = [1, 2, 3]
del l[1], l[0]
print(l)
