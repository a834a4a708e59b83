# A class statement refuses bases no method resolution order can respect,
# and a base named twice, with CPython 3.11's messages.
class A: pass
class B(A): pass
try:
    class C(A, B): pass
except TypeError as e:
    print(e)
class X: pass
class Y: pass
class P(X, Y): pass
class Q(Y, X): pass
try:
    class R(P, Q): pass
except TypeError as e:
    print(e)
try:
    class S(A, A): pass
except TypeError as e:
    print(e)
class Z(B, A): pass
print(Z.__mro__)
