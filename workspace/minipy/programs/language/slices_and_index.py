# slice objects, and __index__: an object that stands for an int wherever
# only an int will do (an index, a slice bound, range(), bin/hex/oct).


def show(what, thunk):
    try:
        print(what, "->", thunk())
    except Exception as error:
        print(what, "->", type(error).__name__ + ":", error)


s = slice(1, 5, 2)
print(s, slice(3), slice(1, 2), repr(slice("a", None, [1])))
print(s.start, s.stop, s.step, type(s).__name__, isinstance(s, slice))
print(s.indices(10), slice(None, None, -1).indices(5), slice(-3, None).indices(4))
print(s == slice(1, 5, 2), s == slice(1, 5), s != slice(1, 5), slice(1, 2) < slice(1, 3))
show("hash(slice)", lambda: hash(s))
show("slice as a dict key", lambda: {s: 1})
show("slice()", lambda: slice())
show("slice(1, 2, 3, 4)", lambda: slice(1, 2, 3, 4))
show("step 0", lambda: slice(1, 2, 0).indices(3))
show("negative length", lambda: slice(1, 2).indices(-1))

data = [0, 1, 2, 3, 4, 5]
print(data[s], tuple(data)[s], "abcdef"[s], "abcdef"[slice(None, None, -1)])
data[slice(1, 3)] = ["a"]
del data[slice(0, 1)]
print(data)


class Seen:
    """Shows what a subscript hands to __getitem__."""

    def __getitem__(self, key):
        return key


seen = Seen()
print(seen[1:2], seen[::2], seen[:], seen[1:2, 3])


class Index:
    def __init__(self, n):
        self.n = n

    def __index__(self):
        return self.n


class NotAnInt:
    def __index__(self):
        return "seven"


class Plain:
    pass


class Conversions:
    def __int__(self):
        return 1

    def __index__(self):
        return 2

    def __float__(self):
        return 0.5


letters = ["a", "b", "c", "d"]
print(letters[Index(1)], ("x", "y")[Index(-1)], "str"[Index(2)])
print(letters[Index(1):Index(3)], letters[::Index(2)])
print(list(range(Index(3))), list(range(Index(1), Index(7), Index(2))))
print(bin(Index(5)), hex(Index(255)), oct(Index(8)))
print(slice(Index(1), Index(3)).indices(Index(10)))
# int() tries __int__ before __index__; float() tries __float__ first.
print(int(Index(4)), int(Conversions()), float(Index(3)), float(Conversions()))
show("list[Plain()]", lambda: letters[Plain()])
show("tuple[Plain()]", lambda: ("x",)[Plain()])
show("str[Plain()]", lambda: "s"[Plain()])
show("bound Plain()", lambda: letters[Plain():])
show("__index__ returns str", lambda: letters[NotAnInt()])
show("range(Plain())", lambda: range(Plain()))
show("hex(2.5)", lambda: hex(2.5))
show("int(Plain())", lambda: int(Plain()))
show("int(NotAnInt())", lambda: int(NotAnInt()))
show("float(Plain())", lambda: float(Plain()))
show("list[2 ** 70]", lambda: letters[2 ** 70])
