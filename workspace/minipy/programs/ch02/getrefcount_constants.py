# A literal is an object the code holds from the moment it is loaded. While a
# module run from a file executes, CPython 3.11 also keeps the parser's arena,
# which holds one more reference to each constant it made.
import sys

print("a literal:", sys.getrefcount("a b c"))
text = "a b c"
print("the same literal, named:", sys.getrefcount(text))
same = "a b c"
print("one object for both:", text is same)
pair = (1, 2)
print("a tuple of constants is a constant:", sys.getrefcount(pair))
print("a tuple built at run time:", sys.getrefcount((len(text), 2)))
print("arithmetic on literals is folded:", sys.getrefcount(10 ** 10))


def answer():
    return 123456


print("a function's constant:", sys.getrefcount(answer()))
