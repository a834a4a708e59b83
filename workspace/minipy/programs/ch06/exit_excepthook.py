# minipy: min-stage=finalizers
# sys.excepthook set to a function of the module: the hook reports the
# exception that ends the program, and holds __main__'s dict alive, so the
# globals are never finalized.
import sys

class Noisy:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("__del__", self.name)

def hook(kind, value, tb):
    print("hook:", kind.__name__, value, tb.tb_lineno)

kept = Noisy("a global")
sys.excepthook = hook
print("end of program")
raise ValueError("the end")
