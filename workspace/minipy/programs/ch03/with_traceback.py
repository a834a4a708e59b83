# minipy: min-stage=refcount
# e.with_traceback(None) lets go of the traceback, and with it the frames
# and their locals: the usual way to keep an exception without its frames.
import gc
class D:
    def __del__(self):
        print("del local")
def f():
    loc = D()
    raise ValueError("boom")
try:
    f()
except ValueError as e:
    saved = e
print(saved.__traceback__ is not None)
same = saved.with_traceback(None)
print(same is saved, saved.__traceback__)
print("after with_traceback")
try:
    saved.with_traceback(3)
except TypeError as err:
    print(err)
try:
    raise KeyError(1)
except KeyError as k:
    tb = k.__traceback__
print(ValueError(2).with_traceback(tb).__traceback__ is tb)
