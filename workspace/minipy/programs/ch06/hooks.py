# What nobody can catch goes to sys.unraisablehook (an exception in
# __del__, a gc callback or an atexit function), and what ends the
# program to sys.excepthook; a program may replace either, and the
# originals stay as sys.__unraisablehook__ and sys.__excepthook__.
import sys, gc, atexit
print(sys.unraisablehook is sys.__unraisablehook__, sys.excepthook is sys.__excepthook__)
def hook(u):
    print("hook", u.exc_type.__name__, u.exc_value, u.err_msg, type(u.object).__name__, u.exc_traceback is not None)
sys.unraisablehook = hook
class A:
    def __del__(self): raise ValueError("in del")
A()
def cb(phase, info): raise KeyError(phase)
gc.callbacks.append(cb)
gc.collect()
gc.callbacks.remove(cb)
def bad_hook(u): raise RuntimeError("hook broke")
sys.unraisablehook = bad_hook
A()
sys.unraisablehook = sys.__unraisablehook__
A()
sys.unraisablehook = hook
def at(): raise TypeError("at exit")
atexit.register(at)
def eh(t, v, tb):
    print("excepthook:", t.__name__, v, tb.tb_lineno)
sys.excepthook = eh
print("end")
raise ValueError("uncaught")
