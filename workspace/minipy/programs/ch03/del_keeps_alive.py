# minipy: min-stage=refcount
# `del` removes the binding between a name and its object. It
# frees nothing while another name still refers to the object.
import sys

a = [1, 2, 3]
b = a
print("a and b refer to one list:", sys.getrefcount(b) - 1, "references")
del a
print("after del a:", sys.getrefcount(b) - 1, "reference")
print("b is still", b)
try:
    print(a)
except NameError as error:
    print("NameError:", error)
