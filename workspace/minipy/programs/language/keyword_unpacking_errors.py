# Errors of ** in a call name the function called.
def f(**kw): return kw
for call in [lambda: f(**[1]), lambda: f(**{1: 2}), lambda: f(a=1, **{"a": 2}), lambda: f(**{"a": 1}, **{"a": 2}), lambda: print(**[1]), lambda: dict(**{1: 2})]:
    try:
        call()
    except TypeError as e:
        print(e)
