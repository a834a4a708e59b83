s = "Hello, World"
print(s.upper(), s.lower(), len(s))
print(s[0], s[-1], s[0:5], s[7:], s[::-1])
print(s.split(", "), "a b  c".split())
print("-".join(["x", "y", "z"]))
print("  pad  ".strip() + "|", s.replace("World", "there"))
print(s.startswith("Hell"), s.endswith("x"), s.find("o"), s.count("l"))
print("ab" * 3, "ab" + "cd", "b" in "abc")
print(repr("it's"), repr('say "hi"'), repr("tab\there"))
print(str(12) + str(3.5) + str(None) + str(True))
for ch in "hey":
    print(ch, end=".")
print()
print("{} + {} = {}".format(1, 2, 3), "x".ljust(3) + "|", "x".rjust(3), "x".center(5, "*"))
