# minipy: min-stage=finalizers
# What a program stores in another module's attribute at exit, when a
# module python3 keeps (math, time) holds __main__'s dict: the instance in
# math.kept holds its class, whose methods hold the dict. So __main__
# survives its collection, and every module still alive has its names set
# to None, newest first: what they held is freed by its count (gc's, then
# copy's, then math's objects), but no collection runs while anything can
# print, so no ring and no global is finalized.
import copy
import gc
import math
import os

class Noisy:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("__del__", self.name)

gc.kept = Noisy("in gc")
copy.kept = [Noisy("in a list in copy")]
ring = Noisy("a ring in gc")
ring.me = ring
gc.ring = ring
del ring
math.kept = Noisy("in math")
cycle = Noisy("a ring in time")
cycle.me = cycle
import time
time.ring = cycle
del cycle
name = Noisy("a global")
print("end of program")
