# An exception class of the program's own may define how it prints, in
# str(), in repr() and on the last line of a traceback.
class MyErr(Exception):
    def __init__(self, code):
        self.code = code
    def __str__(self):
        return f"failed with code {self.code}"
try:
    raise MyErr(7)
except MyErr as e:
    print(e, repr(e), e.args, str(e))
class Other(ValueError):
    pass
try:
    raise Other("bad", 2)
except ValueError as e:
    print(e, repr(e), e.args)
raise MyErr(3)
