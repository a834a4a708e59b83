# What weak references and proxies say when misused, in CPython 3.11's
# words: the static types are named weakref.ReferenceType and
# weakref.ProxyType, a proxy cannot be weakly referenced, a finalizer
# takes no attributes.
import weakref
class C:
    def m(self): pass
c = C()
r = weakref.ref(c)
p = weakref.proxy(c)
for label, f in [
    ("r.missing", lambda: r.missing),
    ("r + 1", lambda: r + 1),
    ("r[0]", lambda: r[0]),
    ("len(r)", lambda: len(r)),
    ("r < r", lambda: r < r),
    ("p()", lambda: p()),
    ("len(p)", lambda: len(p)),
    ("p.missing", lambda: p.missing),
    ("next(p)", lambda: next(p)),
    ("ref(p)", lambda: weakref.ref(p)),
    ("WeakSet().pop()", lambda: weakref.WeakSet().pop()),
    ("r(1)", lambda: r(1)),
    ("ref()", lambda: weakref.ref()),
]:
    try:
        print(label, "ok", f())
    except Exception as e:
        print(label, "->", type(e).__name__, e)
print(type(r), type(p), type(r).__name__)
fin = weakref.finalize(c, print, "bye")
try:
    fin.foo = 1
except AttributeError as e:
    print("finalize:", e)
d = weakref.WeakValueDictionary()
try:
    d.get()
except TypeError as e:
    print(e)
print(weakref.WeakValueDictionary.__qualname__, weakref.WeakSet.__qualname__, weakref.finalize.__qualname__)
print(weakref.WeakKeyDictionary.get.__qualname__)
try:
    weakref.finalize()
except TypeError as e:
    print(e)
try:
    weakref.WeakSet().add()
except TypeError as e:
    print(e)
