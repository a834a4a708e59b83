# Strings: %-formatting, str.format, and the common str methods.
name, n, ratio = "heap", 3, 0.4567
print("%s has %d items (%.1f%%)" % (name, n, ratio * 100))
print("%5d|%-5d|%05d|%+d|%x|%X|%o|%e|%g|%r|%c" % (42, 42, 42, 42, 255, 255, 8, 12345.678, 0.00001, "q", 65))
print("%(a)s-%(b)03d" % {"a": "x", "b": 7}, "%s" % [1, 2], "%s" % (None,), "100%% sure")
print("%10.3f|%-10s|%.2s" % (3.14159, "left", "truncate"))
print("{} and {}".format("a", "b"), "{1}{0}".format("x", "y"), "{name}:{value:>6.2f}".format(name="pi", value=3.14159))
print("{!r} {:^7} {:*<6} {:08.3f} {:,}".format("s", "mid", "ab", 3.14159, 1234567))
s = "  Hello, World  "
print(s.strip(), s.lstrip(), s.rstrip(), s.strip(" Hd"), "xxhixx".strip("x"))
t = "a,b,,c"
print(t.split(","), t.split(",", 1), t.rsplit(",", 1), "a b  c ".split(), "a b c".split(None, 1), "a b c".rsplit(None, 1))
print("-".join(["x", "y", "z"]), "".join(reversed("abc")), ", ".join(str(i) for i in range(4)))
print("hello".upper(), "HeLLo".lower(), "hello world".title(), "hello world".capitalize(), "AbC".swapcase())
print("banana".replace("a", "o"), "banana".replace("a", "o", 1) if False else "", "banana".find("na"), "banana".rfind("na"), "banana".find("x"), "banana".index("n"))
print("banana".count("a"), "banana".startswith("ba"), "banana".endswith(("x", "na")), "12".isdigit(), "1a".isdigit(), "abc".isalpha(), "a1".isalnum(), "  ".isspace())
print("ABC".isupper(), "abc".islower(), "42".zfill(5), "-42".zfill(5), "key=value=x".partition("="), "abc".center(9, "*"), "ab".ljust(4, ".") + "|", "ab".rjust(4))
print("line1\nline2\n".splitlines(), "abc"[::-1], "abcdef"[1:5:2], "abcdef"[-2:], "abcdef"[:-2], "abcdef"[::2], "abc" * 3, "a" in "cat")
print(len("héllo"), ord("é"), chr(233), "é".upper(), repr("tab\there"), repr('quote"s'), repr("it's"))
print(f"{'nested'!r:>12}|{42:#x}|{42:#b}|{7:03}|{-3:4}|{'x':^5}|{3.0!s}|{n=}|{ratio:.1%}")
words = ["Banana", "apple", "cherry"]
print(sorted(words), sorted(words, key=str.lower), list(map(str.upper, words)), max(words, key=len))
print("prefix_x".removeprefix("prefix_"), "a.py".removesuffix(".py"), "ABC".casefold(), "123".isnumeric(), "1.5".isdecimal(), "abcabc".rindex("b"))
print(repr("a\x00b\x7f\x85\xa0\xad\u200b\u2028\ufeff é € 😀 \U000f0000"), ["\t\x1b"])
print("a.b.c".rpartition("."), "abc".rpartition("x"), "abc".isascii(), "é".isascii(), "Hello World".istitle(), "Hello world".istitle(), "x1_".isidentifier(), "1x".isidentifier())
print("a\tbc\td".expandtabs(4), repr("a\tb".expandtabs()), "ok".isprintable(), "a\nb".isprintable())
s = {1, 2, 3, 4}
s.difference_update({1}, [2]); print(s)
s.intersection_update([3, 9]); print(s)
s.symmetric_difference_update({3, 5}); print(s)
print((255).bit_count(), (2**100 - 1).bit_count(), (-7).bit_count())
