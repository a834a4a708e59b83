# functools.total_ordering, written in Python as CPython's is in
# Lib/functools.py: from __eq__ and one ordering method, the other three.
# minipy runs this once, when a program first imports functools, and calls
# `_make`; what the functions use is a closure variable or a builtin.


def _make():
    def from_lt_gt(self, other):
        op = type(self).__lt__(self, other)
        if op is NotImplemented:
            return op
        return not op and self != other

    def from_lt_le(self, other):
        op = type(self).__lt__(self, other)
        if op is NotImplemented:
            return op
        return op or self == other

    def from_lt_ge(self, other):
        op = type(self).__lt__(self, other)
        if op is NotImplemented:
            return op
        return not op

    def from_le_ge(self, other):
        op = type(self).__le__(self, other)
        if op is NotImplemented:
            return op
        return not op or self == other

    def from_le_lt(self, other):
        op = type(self).__le__(self, other)
        if op is NotImplemented:
            return op
        return op and self != other

    def from_le_gt(self, other):
        op = type(self).__le__(self, other)
        if op is NotImplemented:
            return op
        return not op

    def from_gt_lt(self, other):
        op = type(self).__gt__(self, other)
        if op is NotImplemented:
            return op
        return not op and self != other

    def from_gt_ge(self, other):
        op = type(self).__gt__(self, other)
        if op is NotImplemented:
            return op
        return op or self == other

    def from_gt_le(self, other):
        op = type(self).__gt__(self, other)
        if op is NotImplemented:
            return op
        return not op

    def from_ge_le(self, other):
        op = type(self).__ge__(self, other)
        if op is NotImplemented:
            return op
        return not op or self == other

    def from_ge_gt(self, other):
        op = type(self).__ge__(self, other)
        if op is NotImplemented:
            return op
        return op and self != other

    def from_ge_lt(self, other):
        op = type(self).__ge__(self, other)
        if op is NotImplemented:
            return op
        return not op

    convert = {
        "__lt__": [("__gt__", from_lt_gt), ("__le__", from_lt_le), ("__ge__", from_lt_ge)],
        "__le__": [("__ge__", from_le_ge), ("__lt__", from_le_lt), ("__gt__", from_le_gt)],
        "__gt__": [("__lt__", from_gt_lt), ("__ge__", from_gt_ge), ("__le__", from_gt_le)],
        "__ge__": [("__le__", from_ge_le), ("__gt__", from_ge_gt), ("__lt__", from_ge_lt)],
    }

    def total_ordering(cls):
        """Class decorator that fills in missing ordering methods."""
        # The ordering methods the class (or a base) defines itself.
        roots = {op for op in convert if getattr(cls, op, None) is not getattr(object, op, None)}
        if not roots:
            raise ValueError("must define at least one ordering operation: < > <= >=")
        root = max(roots)  # prefer __lt__ to __le__ to __gt__ to __ge__
        for name, method in convert[root]:
            if name not in roots:
                setattr(cls, name, method)
        return cls

    return total_ordering
