# SystemExit.code: None, the one argument, or the arguments' tuple.
import sys
for args in [(), (3,), ("bye",)]:
    try:
        sys.exit(*args)
    except SystemExit as e:
        print(repr(e.code), e.args)
for args in [(), (5,), (1, 2)]:
    try:
        raise SystemExit(*args)
    except SystemExit as e:
        print(repr(e.code))
e = SystemExit(1)
e.code = 9
print(e.code)
