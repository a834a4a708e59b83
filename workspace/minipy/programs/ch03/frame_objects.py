# minipy: min-stage=refcount
# minipy: differs-on=refcount,names
# Frame objects as a program sees them: sys._getframe() and f_back walk the
# running calls, f_locals copies a frame's locals into a dict the frame
# keeps (CPython 3.11), and a traceback keeps the frames it passed through,
# with their locals, until frame.clear() lets go of them.
import gc
import sys


class Witness:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("freed:", self.name)


def where():
    frame = sys._getframe(1)
    return frame.f_code.co_name, frame.f_lineno


def callee(a, b=2):
    here = sys._getframe()
    print(here.f_code.co_name, here.f_code.co_varnames, here.f_code.co_argcount)
    print("called from", here.f_back.f_code.co_name, "on line", here.f_back.f_lineno)
    print("where() says", where())
    print("locals:", sorted(here.f_locals))
    try:
        here.clear()
    except RuntimeError as error:
        print(type(error).__name__ + ":", error)
    del here


callee(1)
module = sys._getframe()
print(module.f_code.co_name, module.f_back, module.f_locals is globals())
try:
    sys._getframe(10)
except ValueError as error:
    print(type(error).__name__ + ":", error)
del module


# A traceback keeps the frame of the function that failed, and so its locals.
def work():
    data = Witness("work's data")
    raise ValueError("failed")


try:
    work()
except ValueError as error:
    saved = error
tb = saved.__traceback__
print("traceback:", tb.tb_frame.f_code.co_name, tb.tb_lineno, "->",
      tb.tb_next.tb_frame.f_code.co_name, tb.tb_next.tb_lineno, tb.tb_next.tb_next)
frame = tb.tb_next.tb_frame
print("work's frame keeps", sorted(frame.f_locals), "; holders of the frame:",
      sys.getrefcount(frame) - 1)
# clear() releases the locals the frame kept, but not the f_locals dict
# made above: its copy goes at the next read of f_locals.
frame.clear()
print("cleared")
print("f_locals now", frame.f_locals)
del frame, tb, saved


# An exception stored in a local of the function it passed through is a
# cycle: the frame holds the exception, which holds the traceback, which
# holds the frame. Only the collector frees it...
def keeps_its_error():
    data = Witness("cycle's data")
    try:
        raise KeyError("k")
    except KeyError as error:
        kept = error
    return kept.__traceback__.tb_frame


gc.collect()
frame = keeps_its_error()
del frame
print("returned; collected:", gc.collect())
# ... unless clear() breaks the cycle first, and counting does the rest.
frame = keeps_its_error()
frame.clear()
print("cleared; collected:", gc.collect())
del frame
print("dropped; collected:", gc.collect())


# A generator's frame: there while it is suspended, None once it is done.
def numbers():
    held = Witness("generator's local")
    try:
        yield 1
        yield 2
    finally:
        print("generator's finally")


gen = numbers()
print("not started: line", gen.gi_frame.f_lineno, "running", gen.gi_running)
next(gen)
print("suspended: line", gen.gi_frame.f_lineno, sorted(gen.gi_frame.f_locals),
      gen.gi_code.co_name)
# Clearing a suspended generator's frame closes the generator.
gen.gi_frame.clear()
print("after clear:", gen.gi_frame)
