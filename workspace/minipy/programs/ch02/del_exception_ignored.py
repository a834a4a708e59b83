# minipy: min-stage=refcount
# An exception in __del__ is reported and ignored; the program goes on.
class Bad:
    def __del__(self):
        print("in __del__")
        raise ValueError("from __del__")

b = Bad()
del b
print("still running")
