# What sys.getsizeof says of a class in CPython 3.11: a built-in type is a
# static PyTypeObject (424 bytes); a class made by a class statement is a
# heap type, with the key table its instances share unless it has __slots__.
import collections
import sys


class Plain:
    pass


class Slotted:
    __slots__ = ("a",)


class Error(Exception):
    pass


for name, cls in [("int", int), ("ValueError", ValueError), ("type", type), ("object", object),
                  ("dict", dict), ("NoneType", type(None)), ("Plain", Plain),
                  ("Slotted", Slotted), ("Error", Error), ("deque", collections.deque),
                  ("Counter", collections.Counter),
                  ("namedtuple", collections.namedtuple("Point", "x y"))]:
    print(f"{name:12} {sys.getsizeof(cls)}")
