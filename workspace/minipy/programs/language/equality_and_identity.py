# Equality as operators test it (no identity shortcut: nan != nan, x == x calls
# __eq__) and as containers test it (an object is equal to itself first).
x = float("nan")
print(x == x, x != x, [x] == [x], x in [x], (x,) == (x,))
y = [1]
items = [1, 2, 3]
items[:] = [4, 5]
print(items)
items[1:2] = [7, 8, 9]
print(items)
def f():
    pass
print(f == f, f != f, None == None, [f] == [f])
class Weird:
    def __eq__(self, other):
        return False
w = Weird()
print(w == w, w in [w], [w] == [w], [w].count(w))
class Plain:
    pass
p = Plain()
print(p == p, p != p, p == Plain())
import sys
print(sys == sys, print == print, len == len, range(3) == range(3))
# The objects CPython keeps one of: the empty tuple and string, None, and
# each one-character Latin-1 string.
word = "abc"
print(tuple([]) is tuple(), "".join([]) is str(), type(None)() is None, chr(97) is word[0])
