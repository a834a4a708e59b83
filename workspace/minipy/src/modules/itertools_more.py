# The itertools whose state is easiest to say in Python: groupby (and its
# _grouper), compress, filterfalse, tee (and its _tee) and
# combinations_with_replacement. CPython 3.11 writes them in C
# (Modules/itertoolsmodule.c); these classes keep its type names and its
# laziness: nothing is read from the input before it is asked for.


def _make():
    class groupby:
        def __init__(self, iterable, key=None):
            self._it = iter(iterable)
            self._key = (lambda x: x) if key is None else key
            self._target = self._current = self._value = _missing
            self._exhausted = False

        def __iter__(self):
            return self

        def _step(self):
            try:
                self._value = next(self._it)
            except StopIteration:
                self._exhausted = True
                raise
            self._current = self._key(self._value)

        def __next__(self):
            # Skip what is left of the group the caller did not finish.
            while self._current is _missing or (
                self._target is not _missing and self._current == self._target
            ):
                self._step()
            self._target = self._current
            return self._current, _grouper(self, self._target)

    class _grouper:
        def __init__(self, parent, key):
            self._parent = parent
            self._key = key

        def __iter__(self):
            return self

        def __next__(self):
            parent = self._parent
            if parent._target is not self._key or parent._exhausted:
                raise StopIteration
            if parent._current is _missing:
                parent._step()
            if parent._current != self._key:
                raise StopIteration
            value = parent._value
            parent._current = _missing
            return value

    _grouper.__name__ = "_grouper"

    class compress:
        def __init__(self, data, selectors):
            self._pairs = zip(data, selectors)

        def __iter__(self):
            return self

        def __next__(self):
            while True:
                item, keep = next(self._pairs)
                if keep:
                    return item

    class filterfalse:
        def __init__(self, function, iterable):
            self._function = bool if function is None else function
            self._it = iter(iterable)

        def __iter__(self):
            return self

        def __next__(self):
            while True:
                item = next(self._it)
                if not self._function(item):
                    return item

    class _tee_buffer:
        """What the copies of one tee share: the items read so far that
        some copy has not yet taken."""

        def __init__(self, iterable):
            self.it = iter(iterable)
            self.items = []
            self.start = 0

    class _tee:
        def __init__(self, buffer):
            self._buffer = buffer
            self._index = buffer.start

        def __iter__(self):
            return self

        def __next__(self):
            buffer = self._buffer
            position = self._index - buffer.start
            if position == len(buffer.items):
                buffer.items.append(next(buffer.it))
            self._index += 1
            return buffer.items[position]

        def __copy__(self):
            copy = _tee(self._buffer)
            copy._index = self._index
            return copy

    def tee(iterable, n=2):
        if n < 0:
            raise ValueError("n must be >= 0")
        buffer = _tee_buffer(iterable)
        return tuple(_tee(buffer) for _ in range(n))

    class combinations_with_replacement:
        def __init__(self, iterable, r):
            self._pool = tuple(iterable)
            self._r = r
            self._indices = None

        def __iter__(self):
            return self

        def __next__(self):
            n, r = len(self._pool), self._r
            if self._indices is None:
                if not n and r:
                    raise StopIteration
                self._indices = [0] * r
                return tuple(self._pool[i] for i in self._indices)
            indices = self._indices
            for i in reversed(range(r)):
                if indices[i] != n - 1:
                    break
            else:
                self._r = -1 if r else r
                raise StopIteration
            indices[i:] = [indices[i] + 1] * (r - i)
            return tuple(self._pool[i] for i in indices)

    _missing = object()
    for made in (groupby, compress, filterfalse, _tee, combinations_with_replacement):
        made.__module__ = "itertools"
    return groupby, compress, filterfalse, tee, combinations_with_replacement
