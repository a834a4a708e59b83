# The markers under a failing method lookup cover obj.name, and under a
# failing assert its condition.
class C: pass
def one():
    C().missing()
def two():
    a = C()
    y = a.missing()
def three(x):
    assert x > 5, "msg"
def four():
    x = None
    y = x.upper()
for f in (one, two, lambda: three(1), four):
    try:
        f()
    except Exception:
        import traceback; traceback.print_exc()
