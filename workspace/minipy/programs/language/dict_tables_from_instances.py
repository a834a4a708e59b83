# sys.getsizeof of instance dicts and of dicts made from other dicts, as
# CPython 3.11 sizes their tables: split dicts, their conversion, copies,
# merges and the room the class's shared keys have left.
import sys
class A:
    def __init__(self, n):
        for i in range(n):
            setattr(self, f"a{i}", i)
for n in (0, 1, 2, 5):
    objs = [A(n) for _ in range(4)]
    print(n, [sys.getsizeof(o.__dict__) for o in objs], [sys.getsizeof(o.__dict__) for o in objs])
class B:
    pass
objs = [B() for _ in range(3)]
print([sys.getsizeof(o.__dict__) for o in objs])
for o in objs: o.x = 1
print([sys.getsizeof(o.__dict__) for o in objs])
class C:
    def __init__(self): self.x = 1
c1 = C(); d1 = c1.__dict__; print(sys.getsizeof(d1))
del d1
c2 = C(); print(sys.getsizeof(c2.__dict__), sys.getsizeof(c1.__dict__))
c3 = C(); c3.__dict__; c3.y = 5; print(sys.getsizeof(c3.__dict__))
c4 = C(); c4.y = 5; print(sys.getsizeof(c4.__dict__))
class A:
    def __init__(self):
        self.x = 1
objs = [A() for _ in range(40)]
print(sys.getsizeof(objs[0].__dict__), sys.getsizeof(objs[-1].__dict__))
class B:
    def __init__(self): self.x = 1; self.y = 2
b = B(); del b.x
print(sys.getsizeof(b.__dict__))
b2 = B(); b2.__dict__[1] = 2
print(sys.getsizeof(b2.__dict__))
class C: pass
c = C()
for i in range(29): setattr(c, f"k{i}", i)
print(sys.getsizeof(c.__dict__))
c.k29 = 1
print(sys.getsizeof(c.__dict__))
c.k30 = 1
print(sys.getsizeof(c.__dict__))
class D:
    def __init__(self): self.a = 1
d = D(); dd = d.__dict__; print(sys.getsizeof(dd)); d.b = 2; print(sys.getsizeof(dd))
d2 = D(); d2.__dict__.update(z=1); print(sys.getsizeof(d2.__dict__))
class E(D): pass
e = E(); print(sys.getsizeof(e.__dict__))
d3 = D(); print(sys.getsizeof(vars(d3)), sys.getsizeof(d3.__dict__.copy()), sys.getsizeof(dict(d3.__dict__)))
for n in (1, 3, 5, 6, 10, 11, 20):
    class K: pass
    k = K()
    for i in range(n): setattr(k, f"a{i}", i)
    d = k.__dict__
    print(n, sys.getsizeof(d), sys.getsizeof(d.copy()), sys.getsizeof(dict(d)), sys.getsizeof({**d}))
    c = {f"a{i}": i for i in range(n)}
    print(" ", sys.getsizeof(c), sys.getsizeof(c.copy()), sys.getsizeof(dict(c)), sys.getsizeof({**c}))
    del c["a0"]
    print(" ", sys.getsizeof(c), sys.getsizeof(c.copy()), sys.getsizeof(dict(c)), sys.getsizeof({**c}))
    e = {}; e.update(c); f = {"z": 1}; f.update(c)
    print(" ", sys.getsizeof(e), sys.getsizeof(f))
class Noisy:
    def __init__(self, n): self.n = n
    def __del__(self): print("del", self.n)
class Box: pass
boxes = [Box() for _ in range(35)]
b = boxes[-1]
b.y = Noisy("y"); b.x = Noisy("x"); b.z = Noisy("z")
print(sys.getsizeof(b.__dict__), sys.getsizeof(boxes[0].__dict__))
boxes[0].x = 1
print(sys.getsizeof(boxes[0].__dict__))
del boxes, b
print("done")
