# A dict cannot be weakly referenced, but an instance of a subclass of dict
# can, as the weakref documentation says: it has a __weakref__ slot.
import weakref


class Dict(dict):
    pass


try:
    weakref.ref({"red": 1})
except TypeError as e:
    print("TypeError:", e)
colors = Dict(red=1, green=2, blue=3)
r = weakref.ref(colors, lambda ref: print("gone, callback sees", ref()))
print(r() is colors, r()["green"], len(r()))
cache = weakref.WeakValueDictionary()
cache["colors"] = colors
print(list(cache), cache["colors"]["blue"])
del colors
print(r(), list(cache))
