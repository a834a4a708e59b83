# An instance's __dict__ shares its keys with every instance of its class
# (CPython 3.11's split dict): sys.getsizeof counts its values array, one
# word per place the class's keys have room for. Each instance made takes
# one place, so the same dict reports less once more instances exist.
import sys

class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

p = Point(1, 2)
print("instance:", sys.getsizeof(p), "its __dict__:", sys.getsizeof(p.__dict__))
others = [Point(i, i) for i in range(5)]
print("after five more instances:", sys.getsizeof(p.__dict__))
print("a plain dict of the same two keys:", sys.getsizeof({"x": 1, "y": 2}))
print("a copy shares the keys too:", sys.getsizeof(p.__dict__.copy()))
print("dict() of it does not:", sys.getsizeof(dict(p.__dict__)))
p.__dict__[0] = "not a str"
print("after a key that is not a str:", sys.getsizeof(p.__dict__))
