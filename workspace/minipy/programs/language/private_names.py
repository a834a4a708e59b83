# Private names: inside a class, __name is stored as _Class__name (names,
# attributes, parameters, slots, global declarations, nested definitions),
# while a function's or class's own __name__ and __qualname__ keep what was
# written. Nested classes know their path (__qualname__, repr).
class Account:
    __slots__ = ("__balance", "owner")

    def __init__(self, owner, __opening):
        self.owner = owner
        self.__balance = __opening

    def __audit(self):
        return f"{self.owner}: {self.__balance}"

    def report(self):
        return self.__audit()


a = Account("ann", 10)
print(a.report(), a._Account__audit())
print(Account.__slots__, hasattr(Account, "_Account__balance"))
print(Account.__init__.__code__.co_varnames)
print(Account._Account__audit.__name__, Account._Account__audit.__qualname__)
try:
    a.__balance
except AttributeError as error:
    print("outside the class:", error)


class Box:
    def __init__(self):
        self.__items = []
        self.__dunder__ = "kept"

    def fail(self):
        return __missing

    class __Lid:
        __color = "red"

    def lid(self):
        return self.__Lid.__name__, self.__Lid.__qualname__, sorted(vars(self.__Lid))[0]


b = Box()
print(sorted(vars(b)))
print(b.lid())
try:
    b.fail()
except NameError as error:
    print(error)


class Config:
    global __SETTING
    __SETTING = "global"
    global plain
    plain = "also global"
    del plain


print(_Config__SETTING, "plain" in globals())


class _:
    __kept = 1


class __Hidden:
    __q = 1


print("__kept" in vars(_), [k for k in vars(__Hidden) if k.endswith("q")])


class Outer:
    class Inner:
        pass


def factory():
    class Local:
        pass
    return Local


print(Outer.Inner.__qualname__, Outer.Inner, factory().__qualname__)


class Renamed:
    __qualname__ = "Elsewhere"


print(Renamed.__name__, Renamed.__qualname__, "__qualname__" in vars(Renamed))
