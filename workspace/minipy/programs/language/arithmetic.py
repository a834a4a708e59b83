print(7 + 3, 7 - 3, 7 * 3, 7 / 2, 7 // 2, 7 % 3, 2 ** 10)
print(-7 // 2, -7 % 3, 7 // -2, 7 % -3)
print(1.5 + 2, 0.1 + 0.2, 1e20, 1e-7, 3.0, -0.0)
print(5 & 3, 5 | 3, 5 ^ 3, 1 << 10, 1024 >> 3, ~5)
print(abs(-3), abs(-2.5), round(2.5), round(3.5), round(2.675, 2))
print(divmod(17, 5), 2 ** -1)
x = 10
x += 5
x *= 2
x -= 1
print(x)
print(int("42") + int(3.9), float("1.5"), int(True))
print(1 < 2 < 3, 3 > 2 > 2, 1 == 1.0)
