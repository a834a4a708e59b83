# minipy: min-stage=refcount
# At exit, module globals are released: instances bound to names first, in
# the order the names were created, then everything else.
class D:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)

b = D("b")
a = D("a")
l = [D("l0"), D("l1")]
x = D("x")
x2 = x
h = D("h")
h.child = D("h.child")
t = (D("t0"), D("t1"))
print("end of program")
