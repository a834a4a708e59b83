# minipy: min-stage=refcount
# __del__ stores self: the object survives, and __del__ never runs again.
keep = []
class Phoenix:
    def __del__(self):
        print("Phoenix.__del__")
        keep.append(self)

p = Phoenix()
del p
print("survivors:", len(keep))
keep.clear()
print("cleared; no second __del__")
