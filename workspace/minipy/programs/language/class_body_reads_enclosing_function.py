# A class body inside a function reads the function's locals (CPython 3.11:
# LOAD_CLASSDEREF), unless the class body binds the name itself.
def make(tag):
    size = len(tag)
    class Box:
        label = tag.upper()
        width = size * 2
        def show(self):
            return (self.label, self.width, tag)
    return Box
B = make("abc")
print(B.label, B.width, B().show())
def outer():
    x = 1
    class C:
        x = 2
        y = x
    return C
print(outer().y)
def counter():
    n = 0
    class K:
        def bump(self):
            nonlocal n
            n += 1
            return n
        first = n
    return K
K = counter()
print(K.first, K().bump(), K().bump())
