# Formatting and str methods as CPython 3.11 prints them.
import sys
n = 1234567.891
print(f"{n:,.2f} {n:>15.1f} {42:08b} {0.5:%} {7:+d} {'x':*^9} {3.14159:.3g} {1e-7:g} {123456789:_}")
print("{0} {1} {0}".format("a", "b"), "{name}!".format(name="hi"), "%s=%r" % ("k", "v"), "%x %o %e" % (255, 8, 12345.678))
print("a b  c".split(), "a-b-c".rsplit("-", 1), "abc".find("c"), "abc".index("b"), "aaa".count("a"), "abc".replace("b", "B"))
print("Hello".startswith("He"), "x.py".endswith((".py", ".txt")), "  pad ".lstrip(), "ab".center(6, "."), "ab".ljust(4) + "|", "5".zfill(3))
print("abc".isalpha(), "123".isdigit(), " ".isspace(), "Ab".swapcase(), "a\tb".expandtabs(4), "ab\ncd".splitlines(), "x".join("abc"))
print(str(1.0), str(1e20), str(1e-5), repr(0.1 + 0.2), 1/3, 2**100, -7 // 2, -7 % 2, 7.5 // 2, round(1234.5678, -2), int(3.9), float("inf"))
print(sorted(["b", "A", "c"], key=str.lower), sorted([(1, "b"), (1, "a")]), list(reversed([1, 2, 3])), min("bca"), max([], default=0))
print(f"{'nested ' + str(1)}", f"{n=}" if sys.version_info >= (3, 8) else "", ascii("é"), repr("it's"), repr('say "hi"'))
print(ascii("é€😀"), ascii(["ü"]))
