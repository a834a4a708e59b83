# functools.cmp_to_key and functools.cached_property, written in Python as
# CPython 3.11's Lib/functools.py writes them (cmp_to_key also has a C
# version there, which behaves the same). minipy runs this once, when a
# program first imports functools, and calls `_make`.


def _make():
    def cmp_to_key(mycmp):
        """A key for sorted() that compares with the old-style mycmp(a, b)."""

        class KeyWrapper:
            __slots__ = ("obj",)

            def __init__(self, obj):
                self.obj = obj

            def __lt__(self, other):
                return mycmp(self.obj, other.obj) < 0

            def __gt__(self, other):
                return mycmp(self.obj, other.obj) > 0

            def __eq__(self, other):
                return mycmp(self.obj, other.obj) == 0

            def __le__(self, other):
                return mycmp(self.obj, other.obj) <= 0

            def __ge__(self, other):
                return mycmp(self.obj, other.obj) >= 0

            def __hash__(self):
                # CPython's is a C type, named with its module.
                raise TypeError("unhashable type: 'functools.KeyWrapper'")

        return KeyWrapper

    missing = object()

    class cached_property:
        """A property computed once per instance, then kept in its __dict__
        (where it shadows this non-data descriptor)."""

        def __init__(self, func):
            self.func = func
            self.attrname = None
            self.__doc__ = func.__doc__

        def __set_name__(self, owner, name):
            if self.attrname is None:
                self.attrname = name
            elif name != self.attrname:
                raise TypeError(
                    "Cannot assign the same cached_property to two different names "
                    f"({self.attrname!r} and {name!r})."
                )

        def __get__(self, instance, owner=None):
            if instance is None:
                return self
            if self.attrname is None:
                raise TypeError(
                    "Cannot use cached_property instance without calling __set_name__ on it.")
            try:
                cache = instance.__dict__
            except AttributeError:
                raise TypeError(
                    f"No '__dict__' attribute on {type(instance).__name__!r} "
                    f"instance to cache {self.attrname!r} property."
                ) from None
            value = cache.get(self.attrname, missing)
            if value is missing:
                value = self.func(instance)
                cache[self.attrname] = value
            return value

    cached_property.__module__ = "functools"
    return cmp_to_key, cached_property
