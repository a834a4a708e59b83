# Format specs in depth: nested specs, = debugging, _ and , grouping,
# __format__, str.format fields with attributes and indexes, %-conversions.
x = 3.14159
w = 10
name = "bob"
print(f"{x=:.2f}", f"{name!s:>{w}}|", f"{x:{w}.{3}}", f"{'a' + 'b':*^9}", f"{{literal}}", f"{x!r:>12}")
print(f"{1000000:_}", f"{255:08b}", f"{-5:+d}", f"{5: d}", f"{0.000012345:.3g}", f"{123.456:.1e}", f"{42:c}")
class P:
    x = 1
    def __format__(self, spec):
        return "P<" + spec + ">"
print(f"{P():abc}", format(P(), "z"), "{:q}".format(P()))
print("{0.x} {1[0]} {2[k]}".format(P(), [9], {"k": "v"}))
print("{:>8.3f}|{:<6}|{:^6}|".format(2.5, "ab", "cd"), "{:,.2f}".format(1234567.891))
print(format(3.5), format(10, "x"), format("s", ">3"), str(12.0), repr(12.5))
print("%5.1f%%" % 99.55, "%-8s|" % "x", "%3d|%-3d|" % (5, 5), "%.3s" % "abcdef", "%x" % 255, "%#x" % 255, "%#o" % 8)
print("{:>{w}}|{:{fill}^{n}}|".format("a", "b", w=5, fill="*", n=7), "{0:{1}}".format(3.14159, ".2f"))
