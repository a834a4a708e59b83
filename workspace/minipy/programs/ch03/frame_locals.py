# minipy: min-stage=refcount
# What a debugger reaches from a traceback: the frame of the function that
# failed, its code, its line, and its locals. In CPython 3.11, reading
# f_locals copies the locals into a dict the frame keeps: one more reference
# to each local, for as long as the frame lives.
import sys


class Witness:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("freed:", self.name)


def work():
    data = Witness("work's data")
    raise ValueError("failed")


try:
    work()
except ValueError as error:
    frame = error.__traceback__.tb_next.tb_frame
print(frame.f_code.co_name, "failed on line", frame.f_lineno)
print("its locals:", sorted(frame.f_locals))
data = frame.f_locals["data"]
print("holders of data:", sys.getrefcount(data) - 1)
frame = None
print("frame dropped; holders of data:", sys.getrefcount(data) - 1)
data = None
print("data dropped")
