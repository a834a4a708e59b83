# A function written in C (or in Rust, in minipy) has a __name__ and a
# __qualname__ too; a method's names its type.
import gc, math, sys
for f in (len, print, sorted, gc.collect, math.sqrt, sys.getrefcount, [].append, "".upper, {}.get, str.upper):
    print(f.__name__, f.__qualname__)
