# The conversions of a replacement field (!s, !r, !a) and of % (%s, %r,
# %a), and zero padding of strings: the text is made first, then the
# spec is applied to it.
x = 3
s = "é"


class C:
    def __repr__(self):
        return "Cé"

    def __str__(self):
        return "strC"

    def __format__(self, spec):
        return "fmt" + spec


c = C()
print(f"{x!s:05}|{x!r:>4}|{s!a:>8}|{x=}|{x=!s}|{x=:>5}|{s=}|{s!s}|{1.5!r:^9}|")
print("{0!s:^7}|{0!r}|{1!a}|{1!s:>3}|{x!r}".format(1.5, s, x=x))
print("%s|%r|%a|%5r|%-5a|" % (s, s, s, x, s))
print(f"{c}|{c!s}|{c!r}|{c!a}|{c:xy}|{c!s:>6}")
print("{}|{!r}|{!a}|{:q}".format(c, c, c, c))
print(ascii("€😀"), ascii(["ü", 1]), ascii({"k": "ß"}))
print(format("3", "05"), format(-3, "05"), format(2.5, "07.2f"), format("ab", "0>5"))
for spec in ("=5", "x=5"):
    try:
        format("a", spec)
    except ValueError as error:
        print("ValueError:", error)
