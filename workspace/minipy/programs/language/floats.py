# Float repr: the shortest text that reads back as the same float, as CPython prints it.
values = [1.0, 0.1, 0.1 + 0.2, 1 / 3, 2 / 3, 1e16, 1e15, 123456789012345678.0, 1e-5, 1e-4,
          0.0001234, 1.5e-10, 1e22, 1e100, -0.0, 0.0, float("inf"), float("-inf"), float("nan"),
          3.14159, 2.5, 100.0, 1e300 * 10, 5e-324, 1.7976931348623157e308, 12345.678, 9007199254740993.0]
for v in values:
    print(repr(v), str(v), f"{v}")
print(round(2.675, 2), round(0.5), round(1.5), round(-2.5), round(3.14159, 3), round(1e20))
print(7.0 // 2, 7.5 % 2, -7.5 % 2, 2 ** 0.5, 10 / 4, 1e308 * 10, -1e308 * 10)
print(int(3.99), int(-3.99), float("1e5"), float(" 2.5 "), float(10), 0.1 * 3, 1.1 + 2.2)
print(f"{1/3:.3f} {2.5:.0f} {3.5:.0f} {1234.5:,.2f} {0.000123:e} {123456789.0:g} {0.5:%} {1e-7:g}")
print(f"{3.0:g} {1e20:g} {-1.5:+.1f} {2.0:08.3f} {float('inf'):.2f} {12.0:G} {1e-10:E}")
print(1e16 == 10 ** 16, 0.1 + 0.2 == 0.3, abs(-2.5), max(1.5, 2), min(-0.0, 0.0))
print(divmod(7.5, 2), divmod(-7, 2), 2.0 ** -1, (-8) ** (1 / 3) if False else "skip")
print(float.is_integer(2.0), (2.5).is_integer(), sum([0.1] * 10))
