# minipy: min-stage=refcount
# Which order `del lst[...]` releases its items in, for each kind of slice.
class D:
    def __init__(self, n):
        self.n = n

    def __del__(self):
        print("del", self.n, end="; ")


def fresh():
    return [D(i) for i in range(6)]


def show(l):
    print("|", [d.n for d in l])


l = fresh(); del l[1:4]; show(l)
l = fresh(); del l[::2]; show(l)
l = fresh(); del l[::-2]; show(l)
l = fresh(); del l[4:0:-1]; show(l)
l = fresh(); del l[-2:]; show(l)
l = fresh(); del l[3:3]; show(l)
l = fresh(); del l[::-1]; show(l)
l = fresh(); del l[1:5:3]; show(l)
l = fresh(); del l[:]; show(l)
del l
big = list(range(300000))
del big[:150000]
del big[::2]
print(len(big), big[0], big[-1])
