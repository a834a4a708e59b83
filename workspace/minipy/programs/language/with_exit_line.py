# An __exit__ that raises is called from the with line, leaving normally or
# with an exception.
class CM:
    def __enter__(s): return s
    def __exit__(s, *a): raise RuntimeError("x")
def f():
    with CM():
        pass
def g():
    with CM() as c, CM():
        x = 1
        y = 2
for h in (f, g):
    try:
        h()
    except RuntimeError:
        import traceback; traceback.print_exc()
with CM():
    pass
