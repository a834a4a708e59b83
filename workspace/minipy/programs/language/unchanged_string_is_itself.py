# CPython 3.11 hands back the string itself, not a copy, when an operation
# leaves it as it was: no new object, and one more reference to the old.
import sys

s = "hello world"
same = {
    "strip": s.strip(), "lstrip": s.lstrip(), "rstrip": s.rstrip(),
    "replace": s.replace("zz", "y"), "center": s.center(3), "ljust": s.ljust(3),
    "rjust": s.rjust(3), "zfill": s.zfill(3), "expandtabs": s.expandtabs(),
    "str": str(s), "slice": s[:], "times one": s * 1, "plus empty": s + "",
    "empty plus": "" + s, "format": format(s), "f-string": f"{s}", "join of one": "".join([s]),
    "split": s.split("zz")[0], "partition": s.partition("zz")[0],
    "removeprefix": s.removeprefix("zz"), "removesuffix": s.removesuffix("zz"),
}
different = {
    "lower": s.lower(), "title": s.title(), "upper lower": s.upper().lower(),
    "reversed twice": s[::-1][::-1], "strip something": (" " + s).strip(),
    "repr": f"{s!r}"[1:-1],
}
for name, value in same.items():
    print(f"{name:16} {value is s}")
for name, value in different.items():
    print(f"{name:16} {value is s}  {value == s}")
print(sys.getrefcount(s) - len(same))
