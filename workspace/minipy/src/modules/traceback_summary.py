# traceback.FrameSummary, written in Python: what one frame of a traceback
# or of the stack says (file, line number, function, source line), copied
# out so that keeping it keeps no frame alive. It compares equal to, and
# unpacks like, the 4-tuple older code expects. minipy runs this once, when
# a program first imports traceback, and calls `_make`.


def _make():
    class FrameSummary:
        __slots__ = ("filename", "lineno", "name", "_line", "locals")

        def __init__(self, filename, lineno, name, *, lookup_line=True, locals=None, line=None):
            self.filename = filename
            self.lineno = lineno
            self.name = name
            self._line = line
            self.locals = locals

        @property
        def line(self):
            return self._line

        def _fields(self):
            return (self.filename, self.lineno, self.name, self.line)

        def __eq__(self, other):
            if isinstance(other, FrameSummary):
                return self._fields() == other._fields() and self.locals == other.locals
            if isinstance(other, tuple):
                return self._fields() == other
            return NotImplemented

        def __getitem__(self, index):
            return self._fields()[index]

        def __iter__(self):
            return iter(self._fields())

        def __len__(self):
            return 4

        def __repr__(self):
            return "<FrameSummary file " + str(self.filename) + ", line " + str(self.lineno) + " in " + str(self.name) + ">"

    FrameSummary.__module__ = "traceback"
    FrameSummary.__qualname__ = "FrameSummary"
    return FrameSummary
