# minipy: min-stage=refcount
# Strings that look like identifiers are interned: one object per text.
import sys


def joined(*parts):
    # A string built at run time, never interned by itself.
    return "".join(parts)


# A constant that looks like a name is interned when its code is made, so a
# run-time string with the same text finds it in sys.intern.
spam = "spam_and_eggs"
built = joined("spam", "_and_eggs")
print(built == spam, built is spam, sys.intern(built) is spam)

# A constant with a space is not interned: sys.intern makes the run-time
# string the interned one.
phrase = "spam and eggs"
other = joined("spam", " and eggs")
print(sys.intern(other) is other, sys.intern(other) is phrase)

# The table's reference is not counted: an interned string that nothing else
# holds has a count of 2 here (the name and getrefcount's argument).
fresh = sys.intern(joined("never", "_seen"))
print(sys.getrefcount(fresh))
again = sys.intern(joined("never", "_seen"))
print(again is fresh, sys.getrefcount(fresh))
del again, fresh
revived = sys.intern(joined("never", "_seen"))
print(sys.getrefcount(revived))

# Constants: the code's table, the parser's arena, the name, the argument.
print(sys.getrefcount(spam), sys.getrefcount(phrase))


def uses_the_same():
    return "spam_and_eggs", "spam and eggs"


name_like, spaced = uses_the_same()
print(name_like is spam, spaced is phrase)
print(sys.getrefcount(spam), sys.getrefcount(phrase))

# Strings inside constant tuples are interned too.
pair = ("left_side", "right side")
print(pair[0] is sys.intern(joined("left", "_side")), pair[1] is sys.intern(joined("right", " side")))

# Attribute names set at run time are interned, and so are keyword names.
class Box:
    pass


box = Box()
setattr(box, joined("dyn", "amic"), 1)
key = list(vars(box))[0]
print(key, key is sys.intern(joined("dyn", "amic")))
made = dict(keyword_key=1)
print(list(made)[0] is sys.intern(joined("keyword", "_key")))


def collect(**named):
    return named


print(list(collect(passed_by_name=1))[0] is sys.intern(joined("passed", "_by_name")))

# A dict key that came from a constant is that constant.
table = {}
table["table_key"] = 1
print(list(table)[0] is sys.intern(joined("table", "_key")))

# sys.intern takes only exact strings.
for bad in (1, 2.5):
    try:
        sys.intern(bad)
    except TypeError as err:
        print("TypeError:", err)

