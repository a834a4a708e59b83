# The weak containers of the `weakref` module, written in Python on top of
# `weakref.ref`, as CPython's Lib/weakref.py and Lib/_weakrefset.py are.
# minipy runs this once, when a program first imports `weakref`, and calls
# `_make` with the reference type; everything the classes use is a closure
# variable or a builtin, since the module has no globals of its own.


def _make(ref, proxy_ref, existing_proxy, new_proxy):
    class WeakValueDictionary:
        """A dict whose values are held weakly: an entry goes when its value dies."""

        __module__ = "weakref"

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

        def popitem(self):
            while True:
                key, wr = self.data.popitem()
                value = wr()
                if value is not None:
                    return key, value

        def update(self, other=None, **kwargs):
            if other is not None:
                if hasattr(other, "items"):
                    other = other.items()
                for key, value in other:
                    self[key] = value
            for key, value in kwargs.items():
                self[key] = value

        def clear(self):
            self.data.clear()

        def itervaluerefs(self):
            for wr in list(self.data.values()):
                if wr() is not None:
                    yield wr

        def valuerefs(self):
            return list(self.itervaluerefs())

        def copy(self):
            return WeakValueDictionary(list(self.items()))

        def __or__(self, other):
            if not hasattr(other, "items"):
                return NotImplemented
            made = self.copy()
            made.update(other)
            return made

        def __ror__(self, other):
            if not hasattr(other, "items"):
                return NotImplemented
            made = WeakValueDictionary()
            made.update(other)
            made.update(self.items())
            return made

        def __ior__(self, other):
            self.update(other)
            return self

        def __repr__(self):
            return "<WeakValueDictionary at %#x>" % id(self)

    class WeakKeyDictionary:
        """A dict whose keys are held weakly: an entry goes when its key dies.
        Its keys are weak references, which hash and compare as their
        referents do, so equal keys are one key, as in Lib/weakref.py."""

        __module__ = "weakref"

        def __init__(self, dict=None):
            self.data = {}
            selfref = ref(self)

            def remove(k):
                self = selfref()
                if self is not None:
                    self.data.pop(k, None)

            self._remove = remove
            if dict is not None:
                self.update(dict)

        def __setitem__(self, key, value):
            self.data[ref(key, self._remove)] = value

        def __getitem__(self, key):
            return self.data[ref(key)]

        def __delitem__(self, key):
            del self.data[ref(key)]

        def __contains__(self, key):
            try:
                wr = ref(key)
            except TypeError:
                return False
            return wr in self.data

        def __len__(self):
            return len(self.data)

        def __iter__(self):
            return self.keys()

        def get(self, key, default=None):
            return self.data.get(ref(key), default)

        def pop(self, key, *default):
            return self.data.pop(ref(key), *default)

        def setdefault(self, key, default=None):
            return self.data.setdefault(ref(key, self._remove), default)

        def popitem(self):
            while True:
                wr, value = self.data.popitem()
                key = wr()
                if key is not None:
                    return key, value

        def update(self, other=None, **kwargs):
            if other is not None:
                pairs = other.items() if hasattr(other, "items") else other
                for key, value in pairs:
                    self[key] = value
            if kwargs:
                self.update(kwargs)

        def keyrefs(self):
            return list(self.data)

        def keys(self):
            for wr in list(self.data):
                key = wr()
                if key is not None:
                    yield key

        def values(self):
            for wr, value in list(self.data.items()):
                if wr() is not None:
                    yield value

        def items(self):
            for wr, value in list(self.data.items()):
                key = wr()
                if key is not None:
                    yield key, value

        def copy(self):
            return WeakKeyDictionary(list(self.items()))

        def clear(self):
            self.data.clear()

        def __or__(self, other):
            if not hasattr(other, "items"):
                return NotImplemented
            made = self.copy()
            made.update(other)
            return made

        def __ror__(self, other):
            if not hasattr(other, "items"):
                return NotImplemented
            made = WeakKeyDictionary()
            made.update(other)
            made.update(self)
            return made

        def __ior__(self, other):
            self.update(other)
            return self

        def __repr__(self):
            return "<WeakKeyDictionary at %#x>" % id(self)

    class WeakSet:
        """A set whose members are held weakly, through weak references that
        hash and compare as their members do (Lib/_weakrefset.py)."""

        __module__ = "weakref"

        def __init__(self, data=None):
            self.data = set()
            selfref = ref(self)

            def remove(item):
                self = selfref()
                if self is not None:
                    self.data.discard(item)

            self._remove = remove
            if data is not None:
                self.update(data)

        def add(self, item):
            self.data.add(ref(item, self._remove))

        def discard(self, item):
            self.data.discard(ref(item))

        def remove(self, item):
            self.data.remove(ref(item))

        def pop(self):
            while True:
                try:
                    wr = self.data.pop()
                except KeyError:
                    raise KeyError("pop from empty WeakSet") from None
                item = wr()
                if item is not None:
                    return item

        def clear(self):
            self.data.clear()

        def update(self, other):
            for item in other:
                self.add(item)

        def copy(self):
            return WeakSet(self)

        # The set operations, as Lib/_weakrefset.py does them: on weak
        # references, which compare as their members do.
        def union(self, other):
            return WeakSet(item for items in (self, other) for item in items)

        __or__ = union

        def __ior__(self, other):
            self.update(other)
            return self

        def intersection(self, other):
            return WeakSet(item for item in other if item in self)

        __and__ = intersection

        def intersection_update(self, other):
            self.data.intersection_update(ref(item) for item in other)

        def __iand__(self, other):
            self.intersection_update(other)
            return self

        def difference(self, other):
            made = self.copy()
            made.difference_update(other)
            return made

        __sub__ = difference

        def difference_update(self, other):
            if self is other:
                self.data.clear()
            else:
                self.data.difference_update(ref(item) for item in other)

        def __isub__(self, other):
            self.difference_update(other)
            return self

        def symmetric_difference(self, other):
            made = self.copy()
            made.symmetric_difference_update(other)
            return made

        __xor__ = symmetric_difference

        def symmetric_difference_update(self, other):
            if self is other:
                self.data.clear()
            else:
                self.data.symmetric_difference_update(ref(item, self._remove) for item in other)

        def __ixor__(self, other):
            self.symmetric_difference_update(other)
            return self

        def issubset(self, other):
            return self.data.issubset(ref(item) for item in other)

        __le__ = issubset

        def __lt__(self, other):
            return self.data < set(ref(item) for item in other)

        def issuperset(self, other):
            return self.data.issuperset(ref(item) for item in other)

        __ge__ = issuperset

        def __gt__(self, other):
            return self.data > set(ref(item) for item in other)

        def isdisjoint(self, other):
            return len(self.intersection(other)) == 0

        def __eq__(self, other):
            if not isinstance(other, WeakSet):
                return NotImplemented
            return self.data == set(ref(item) for item in other)

        __hash__ = None

        def __contains__(self, item):
            try:
                wr = ref(item)
            except TypeError:
                return False
            return wr in self.data

        def __len__(self):
            return len(self.data)

        def __iter__(self):
            for wr in list(self.data):
                item = wr()
                if item is not None:
                    yield item

        def __repr__(self):
            return repr(self.data)

    class KeyedRef(ref):
        """A weak reference that carries a key: what a weak dict's callback
        needs to find the entry its referent had."""

        __slots__ = ("key",)
        __module__ = "weakref"

        def __new__(cls, ob, callback, key):
            self = ref.__new__(cls, ob, callback)
            self.key = key
            return self

        def __init__(self, ob, callback, key):
            super().__init__(ob, callback)

    class WeakMethod:
        """A weak reference to a bound method: dead once its object or its
        function is (Lib/weakref.py; there it subclasses ref)."""

        __module__ = "weakref"

        def __init__(self, meth, callback=None):
            try:
                obj = meth.__self__
                func = meth.__func__
            except AttributeError:
                raise TypeError(
                    "argument should be a bound method, not {}".format(type(meth))
                ) from None
            me = ref(self)

            def gone(wr):
                this = me()
                if this is not None and this._alive:
                    this._alive = False
                    if this._callback is not None:
                        this._callback(this)

            self._alive = True
            self._callback = callback
            self._obj_ref = ref(obj, gone)
            self._func_ref = ref(func, gone)

        def __call__(self):
            obj = self._obj_ref()
            func = self._func_ref()
            if obj is None or func is None:
                return None
            return func.__get__(obj, type(obj))

        def __eq__(self, other):
            if isinstance(other, WeakMethod):
                if not self._alive or not other._alive:
                    return self is other
                return self._obj_ref == other._obj_ref and self._func_ref == other._func_ref
            return NotImplemented

        def __hash__(self):
            # ref.__hash__, which CPython's WeakMethod inherits: the hash of
            # the object, remembered from the first call.
            return hash(self._obj_ref)

    class _FinalizerInfo:
        pass

    class finalize:
        """Calls func(*args, **kwargs) once: when obj dies, when called, or at
        exit. The class's registry keeps every live finalizer, so that one
        nobody holds still runs (Lib/weakref.py)."""

        __module__ = "weakref"
        __slots__ = ()

        _registry = {}
        _shutdown = False
        _created = [0]
        _registered_with_atexit = False

        def __init__(self, obj, func, *args, **kwargs):
            if not finalize._registered_with_atexit:
                import atexit

                atexit.register(finalize._exitfunc)
                finalize._registered_with_atexit = True
            info = _FinalizerInfo()
            info.weakref = ref(obj, self)
            info.func = func
            info.args = args
            info.kwargs = kwargs or None
            info.atexit = True
            info.index = finalize._created[0]
            finalize._created[0] += 1
            finalize._registry[self] = info

        def __call__(self, _=None):
            info = finalize._registry.pop(self, None)
            if info and not finalize._shutdown:
                return info.func(*info.args, **(info.kwargs or {}))

        def detach(self):
            info = finalize._registry.get(self)
            obj = info and info.weakref()
            if obj is not None and finalize._registry.pop(self, None):
                return (obj, info.func, info.args, info.kwargs or {})

        def peek(self):
            info = finalize._registry.get(self)
            obj = info and info.weakref()
            if obj is not None:
                return (obj, info.func, info.args, info.kwargs or {})

        @property
        def alive(self):
            return self in finalize._registry

        @property
        def atexit(self):
            info = finalize._registry.get(self)
            return bool(info) and info.atexit

        @atexit.setter
        def atexit(self, value):
            info = finalize._registry.get(self)
            if info:
                info.atexit = bool(value)

        def __repr__(self):
            info = finalize._registry.get(self)
            obj = info and info.weakref()
            if obj is None:
                return "<finalize object at %#x; dead>" % id(self)
            return "<finalize object at %#x; for %r at %#x>" % (
                id(self),
                type(obj).__name__,
                id(obj),
            )

        @classmethod
        def _exitfunc(cls):
            # The live finalizers marked for exit, the newest first, with
            # the collector off while they run.
            # One that raises is reported with sys.excepthook, and the rest
            # still run.
            import gc
            import sys

            reenable = gc.isenabled()
            gc.disable()
            try:
                while True:
                    pending = [(info.index, f) for f, info in cls._registry.items() if info.atexit]
                    if not pending:
                        break
                    pending.sort()
                    try:
                        pending[-1][1]()
                    except Exception:
                        sys.excepthook(*sys.exc_info())
            finally:
                finalize._shutdown = True
                # What is left (finalizers with atexit False) goes when
                # CPython clears the weakref module's dict at shutdown;
                # here, now, so that their functions stop holding
                # __main__'s globals.
                cls._registry.clear()
                if reenable:
                    gc.enable()

    def target(proxy):
        obj = proxy._weakref_target()
        if obj is None:
            raise ReferenceError("weakly-referenced object no longer exists")
        return obj

    class ProxyType:
        """A weak reference used as the object itself (`weakref.proxy`).

        The weak reference it holds is made by `proxy_ref`, which tells the
        interpreter that this object stands for it: `getweakrefs` lists the
        proxy, and a callback is called with the proxy."""

        __module__ = "weakref"

        def __new__(cls, *args, **kwargs):
            raise TypeError("cannot create 'weakref.%s' instances" % cls.__name__)

        def __getattr__(self, name):
            return getattr(target(self), name)

        @property
        def __class__(self):
            # The referent's class, so that isinstance(proxy, C) holds.
            return target(self).__class__

        def __setattr__(self, name, value):
            if name == "_weakref_target":
                object.__setattr__(self, name, value)
            else:
                setattr(target(self), name, value)

        def __delattr__(self, name):
            delattr(target(self), name)

        def __add__(self, other):
            return target(self) + other

        def __radd__(self, other):
            return other + target(self)

        def __sub__(self, other):
            return target(self) - other

        def __rsub__(self, other):
            return other - target(self)

        def __mul__(self, other):
            return target(self) * other

        def __rmul__(self, other):
            return other * target(self)

        def __truediv__(self, other):
            return target(self) / other

        def __floordiv__(self, other):
            return target(self) // other

        def __mod__(self, other):
            return target(self) % other

        def __pow__(self, other):
            return target(self) ** other

        def __neg__(self):
            return -target(self)

        def __lt__(self, other):
            return target(self) < other

        def __le__(self, other):
            return target(self) <= other

        def __gt__(self, other):
            return target(self) > other

        def __ge__(self, other):
            return target(self) >= other

        def __ne__(self, other):
            return target(self) != other

        def __int__(self):
            return int(target(self))

        def __float__(self):
            return float(target(self))

        def __len__(self):
            return len(target(self))

        def __iter__(self):
            return iter(target(self))

        def __next__(self):
            obj = target(self)
            if not hasattr(type(obj), "__next__"):
                raise TypeError(
                    "Weakref proxy referenced a non-iterator '%s' object"
                    % type(obj).__name__
                )
            return next(obj)

        def __getitem__(self, key):
            return target(self)[key]

        def __setitem__(self, key, value):
            target(self)[key] = value

        def __contains__(self, item):
            return item in target(self)

        def __eq__(self, other):
            return target(self) == other

        def __bool__(self):
            return bool(target(self))

        def __str__(self):
            return str(target(self))

        def __repr__(self):
            # A dead proxy's object is None, as CPython 3.11 prints it.
            obj = self._weakref_target()
            return "<weakproxy at %#x to %s at %#x>" % (id(self), type(obj).__name__, id(obj))

        def __hash__(self):
            raise TypeError("unhashable type: 'weakref.%s'" % type(self).__name__)

    class CallableProxyType(ProxyType):
        """A proxy to a callable object, callable itself."""

        __module__ = "weakref"

        def __call__(self, *args, **kwargs):
            return target(self)(*args, **kwargs)

    def proxy(obj, callback=None):
        # Every weakref.proxy(obj) without a callback is one proxy, as every
        # weakref.ref(obj) without one is one reference.
        if callback is None:
            shared = existing_proxy(obj)
            if shared is not None:
                return shared
        made = new_proxy(CallableProxyType if callable(obj) else ProxyType)
        object.__setattr__(made, "_weakref_target", proxy_ref(obj, callback, made))
        return made

    return (
        WeakValueDictionary,
        WeakKeyDictionary,
        WeakSet,
        finalize,
        proxy,
        ProxyType,
        CallableProxyType,
        (ProxyType, CallableProxyType),
        WeakMethod,
        KeyedRef,
    )
