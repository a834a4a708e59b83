# minipy: min-stage=refcount
# Augmented assignment changes mutable objects in place (lists, sets,
# dicts, instances with __iadd__) and rebinds immutable ones; a with
# block's __exit__ sees the exception and may suppress it.
import sys
x = [1, 2]
alias = x
x += [3]
x *= 2
print(x, alias, x is alias, sys.getrefcount(x))
t = (1,)
t_alias = t
t += (2,)
print(t, t_alias, t is t_alias)
s = {1, 2, 3}
same = s
s |= {4}
s &= {1, 2, 4, 9}
s -= {1}
s ^= {2, 7}
print(s, same is s)
d = {"a": 1}
d |= {"b": 2}
print(d)
n = 10
n += 5
n //= 4
n **= 3
n %= 7
n <<= 2
print(n)
class Bag:
    def __init__(self):
        self.items = []
    def __iadd__(self, item):
        self.items.append(item)
        return self
b = Bag()
same_bag = b
b += "x"
b += "y"
print(b.items, b is same_bag)

class Manager:
    def __init__(self, name, suppress):
        self.name, self.suppress = name, suppress
    def __enter__(self):
        print("enter", self.name)
        return self
    def __exit__(self, kind, value, traceback):
        print("exit", self.name, kind.__name__ if kind else None, value, traceback is not None)
        return self.suppress
    def __del__(self):
        print("free", self.name)

with Manager("quiet", True):
    raise ValueError("swallowed")
print("after quiet")
try:
    with Manager("loud", False) as m:
        raise KeyError("escapes")
except KeyError as e:
    print("caught", e)
with Manager("a", False) as a, Manager("b", False) as b2:
    print("body")
del m, a, b2
print("end")
