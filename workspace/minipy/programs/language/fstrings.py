name = "minipy"
n = 42
pi = 3.14159
print(f"{name} {n} {pi}")
print(f"{n:5d}|{n:<5}|{n:^7}|{n:05}")
print(f"{pi:.2f} {pi:8.3f} {1234567.891:,.2f} {0.25:.1%}")
print(f"{name!r} {name:>10}")
print(f"{n * 2} {[1, 2][0]} {'nested'}")
print(f"{n=}")
print(f"{{braces}} {n:x} {1e10:g} {123456789.0:e}")
