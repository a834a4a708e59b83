# The weak containers of the `weakref` module, written in Python on top of
# `weakref.ref`, as CPython's Lib/weakref.py and Lib/_weakrefset.py are.
# minipy runs this once, when a program first imports `weakref`, and calls
# `_make` with the reference type; everything the classes use is a closure
# variable or a builtin, since the module has no globals of its own.


def _make(ref):
    class WeakValueDictionary:
        """A dict whose values are held weakly: an entry goes when its value dies."""

        def __init__(self, other=()):
            self.data = {}
            if hasattr(other, "items"):
                other = other.items()
            for key, value in other:
                self[key] = value

        def _ref(self, key, value):
            data = self.data

            def remove(wr):
                if data.get(key) is wr:
                    del data[key]

            return ref(value, remove)

        def __setitem__(self, key, value):
            self.data[key] = self._ref(key, value)

        def __getitem__(self, key):
            value = self.data[key]()
            if value is None:
                raise KeyError(key)
            return value

        def __delitem__(self, key):
            del self.data[key]

        def __contains__(self, key):
            wr = self.data.get(key)
            return wr is not None and wr() is not None

        def __len__(self):
            return sum(1 for wr in self.data.values() if wr() is not None)

        def __iter__(self):
            for key, wr in list(self.data.items()):
                if wr() is not None:
                    yield key

        def get(self, key, default=None):
            wr = self.data.get(key)
            if wr is None:
                return default
            value = wr()
            return default if value is None else value

        def pop(self, key, *default):
            wr = self.data.pop(key, None)
            value = None if wr is None else wr()
            if value is None:
                if default:
                    return default[0]
                raise KeyError(key)
            return value

        def setdefault(self, key, default=None):
            value = self.get(key)
            if value is None:
                self[key] = default
                return default
            return value

        def keys(self):
            for key, wr in list(self.data.items()):
                if wr() is not None:
                    yield key

        def values(self):
            for wr in list(self.data.values()):
                value = wr()
                if value is not None:
                    yield value

        def items(self):
            for key, wr in list(self.data.items()):
                value = wr()
                if value is not None:
                    yield key, value

        def copy(self):
            return WeakValueDictionary(list(self.items()))

        def __repr__(self):
            return "<WeakValueDictionary at %#x>" % id(self)

    class WeakKeyDictionary:
        """A dict whose keys are held weakly: an entry goes when its key dies.
        (Keys are told apart by identity here, where CPython uses their
        equality through the weak references' own.)"""

        def __init__(self, other=()):
            self.data = {}
            if hasattr(other, "items"):
                other = other.items()
            for key, value in other:
                self[key] = value

        def __setitem__(self, key, value):
            data = self.data
            slot = id(key)
            entry = data.get(slot)
            if entry is not None and entry[0]() is key:
                data[slot] = (entry[0], value)
                return

            def remove(wr):
                if slot in data and data[slot][0] is wr:
                    del data[slot]

            data[slot] = (ref(key, remove), value)

        def _entry(self, key):
            entry = self.data.get(id(key))
            if entry is None or entry[0]() is not key:
                return None
            return entry

        def __getitem__(self, key):
            entry = self._entry(key)
            if entry is None:
                raise KeyError(key)
            return entry[1]

        def __delitem__(self, key):
            if self._entry(key) is None:
                raise KeyError(key)
            del self.data[id(key)]

        def __contains__(self, key):
            return self._entry(key) is not None

        def __len__(self):
            return sum(1 for wr, _ in self.data.values() if wr() is not None)

        def __iter__(self):
            for wr, _ in list(self.data.values()):
                key = wr()
                if key is not None:
                    yield key

        def get(self, key, default=None):
            entry = self._entry(key)
            return default if entry is None else entry[1]

        def keys(self):
            for wr, _ in list(self.data.values()):
                key = wr()
                if key is not None:
                    yield key

        def values(self):
            for wr, value in list(self.data.values()):
                if wr() is not None:
                    yield value

        def items(self):
            for wr, value in list(self.data.values()):
                key = wr()
                if key is not None:
                    yield key, value

        def __repr__(self):
            return "<WeakKeyDictionary at %#x>" % id(self)

    class WeakSet:
        """A set whose members are held weakly (told apart by identity)."""

        def __init__(self, items=()):
            self.data = {}
            for item in items:
                self.add(item)

        def add(self, item):
            data = self.data
            slot = id(item)
            if slot in data and data[slot]() is item:
                return

            def remove(wr):
                if data.get(slot) is wr:
                    del data[slot]

            data[slot] = ref(item, remove)

        def discard(self, item):
            wr = self.data.get(id(item))
            if wr is not None and wr() is item:
                del self.data[id(item)]

        def remove(self, item):
            if item not in self:
                raise KeyError(item)
            self.discard(item)

        def __contains__(self, item):
            wr = self.data.get(id(item))
            return wr is not None and wr() is item

        def __len__(self):
            return sum(1 for wr in self.data.values() if wr() is not None)

        def __iter__(self):
            for wr in list(self.data.values()):
                item = wr()
                if item is not None:
                    yield item

        def __repr__(self):
            return "<WeakSet at %#x>" % id(self)

    class finalize:
        """Calls func(*args, **kwargs) once, when obj dies, or when called first."""

        def __init__(self, obj, func, *args, **kwargs):
            state = [func, args, kwargs]
            self._state = state

            def on_death(wr):
                if state[0] is not None:
                    f, a, k = state
                    state[0] = None
                    f(*a, **k)

            self._ref = ref(obj, on_death)

        def __call__(self):
            state = self._state
            if state[0] is None or self._ref() is None:
                return None
            f, a, k = state
            state[0] = None
            return f(*a, **k)

        def detach(self):
            state = self._state
            obj = self._ref()
            if state[0] is None or obj is None:
                return None
            f, a, k = state
            state[0] = None
            return (obj, f, a, k)

        def peek(self):
            state = self._state
            obj = self._ref()
            if state[0] is None or obj is None:
                return None
            return (obj, state[0], state[1], state[2])

        @property
        def alive(self):
            return self._state[0] is not None and self._ref() is not None

    def target(proxy):
        obj = proxy._weakref_target()
        if obj is None:
            raise ReferenceError("weakly-referenced object no longer exists")
        return obj

    class weakproxy:
        """A weak reference used as the object itself (`weakref.proxy`)."""

        def __init__(self, obj, callback=None):
            if callback is None:
                self._weakref_target = ref(obj)
            else:
                me = self

                def call_back(wr):
                    callback(me)

                self._weakref_target = ref(obj, call_back)

        def __getattr__(self, name):
            return getattr(target(self), name)

        def __len__(self):
            return len(target(self))

        def __iter__(self):
            return iter(target(self))

        def __getitem__(self, key):
            return target(self)[key]

        def __setitem__(self, key, value):
            target(self)[key] = value

        def __contains__(self, item):
            return item in target(self)

        def __call__(self, *args, **kwargs):
            return target(self)(*args, **kwargs)

        def __eq__(self, other):
            return target(self) == other

        def __bool__(self):
            return bool(target(self))

        def __str__(self):
            return str(target(self))

        def __repr__(self):
            obj = self._weakref_target()
            if obj is None:
                return "<weakproxy at %#x; dead>" % id(self)
            return "<weakproxy at %#x; to '%s' at %#x>" % (id(self), type(obj).__name__, id(obj))

        __hash__ = None

    def proxy(obj, callback=None):
        return weakproxy(obj, callback)

    return WeakValueDictionary, WeakKeyDictionary, WeakSet, finalize, proxy, weakproxy
