# minipy: min-stage=finalizers
# weakref.ref can be subclassed: the weakref documentation's ExtendedRef
# keeps attributes and counts its calls; KeyedRef carries a key (what a
# weak dict's callback uses to find its entry). A subclass's reference is
# never the shared one, and its callback receives the subclass's instance.
import weakref


class ExtendedRef(weakref.ref):
    def __init__(self, ob, callback=None, /, **annotations):
        super().__init__(ob, callback)
        self.__counter = 0
        for key, value in annotations.items():
            setattr(self, key, value)

    def __call__(self):
        ob = super().__call__()
        if ob is not None:
            self.__counter += 1
            ob = (type(ob).__name__, self.__counter)
        return ob


class Node:
    pass


node = Node()
r = ExtendedRef(node, None, colour="red")
print(r(), r(), r.colour, type(r).__name__, isinstance(r, weakref.ref))
print(weakref.getweakrefcount(node), type(weakref.getweakrefs(node)[0]).__name__)


def gone(ref):
    print("callback got", type(ref).__name__, ref is r2)


r2 = ExtendedRef(node, gone)
plain = weakref.ref(node)
print(r2 is not r, plain is weakref.ref(node), weakref.getweakrefcount(node))
del node
print(r(), r2(), plain())

k = weakref.KeyedRef(Node, None, "the key")
print(k.key, k() is Node, type(k).__module__, weakref.KeyedRef.__mro__)
try:
    k.other = 1
except AttributeError as error:
    print("AttributeError:", error)


class Plain(weakref.ref):
    pass


for args in [(Node, None, 3), (), (1,)]:
    try:
        Plain(*args)
    except TypeError as error:
        print("TypeError:", error)
print(weakref.ref)
