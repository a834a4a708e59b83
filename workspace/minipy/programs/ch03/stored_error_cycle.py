# minipy: differs-on=refcount,names,cycles,generations
# A method that stores the exception it caught makes a reference cycle:
# the object -> the exception -> its traceback -> the method's frame -> the
# frame's local `self` -> the object. `del c` cannot free it; only the cycle
# collector can. The frame's f_back link keeps the caller's locals too.
import gc


class D:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("  freed", self.name)


class Client:
    def __init__(self):
        self.last_error = None

    def __del__(self):
        print("  freed the client")

    def fetch(self):
        try:
            raise OSError("no route to host")
        except OSError as e:
            self.last_error = e


def main():
    config = D("config, a local of main")
    client = Client()
    client.fetch()
    return client


gc.disable()
c = main()
print("main returned")
del c
print("del c freed nothing")
gc.collect()
print("after gc.collect()")
