# CPython 3.11 allocates the small ints (-5 to 256), the one-character
# Latin-1 strings and the empty tuple statically, each with a count that
# starts at 999,999,999, so sys.getrefcount already reports about a billion
# for them. (None is different on 3.11: it starts at 1, and its count is
# just the references that exist; 3.12 made it immortal.)
import sys

print(sys.getrefcount(1) > 10 ** 9, sys.getrefcount(256) > 10 ** 9, sys.getrefcount(-5) > 10 ** 9)
print(sys.getrefcount("a") > 10 ** 9, sys.getrefcount("\xe9") > 10 ** 9)
print(sys.getrefcount(()) > 10 ** 9)
big = int("1000")
print(sys.getrefcount(big))
