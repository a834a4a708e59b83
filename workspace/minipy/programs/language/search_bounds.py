# list.index, tuple.index and the str searches look in [start:end] only.
print([1,0,1,0].index(1, 1), (1,0,1).index(1,1), "abab".index("a",1))
s="abcabc"; print(s.rfind("a",0,3), s.count("a",1), s.rindex("a",0,2), s.find("c", -2), s.count("", 2), s.count("", 10), s.find("", 6), s.find("", 7))
print([1,2,3,2].index(2, -2), [1,2,3].index(3, 0, 100))
for args in [(1, 3), (3, 0, 2), (2, 1, 1)]:
    try:
        print([1,2,1,2].index(*args))
    except ValueError as e:
        print(e)
try:
    (1, 2).index(5, 1)
except ValueError as e:
    print(e)
try:
    [1].index(1, "a")
except TypeError as e:
    print(e)
try:
    "abc".index("z", 1)
except ValueError as e:
    print(e)
