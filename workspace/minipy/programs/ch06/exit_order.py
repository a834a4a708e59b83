# minipy: min-stage=finalizers
# At exit, CPython 3.11 empties sys.modules; __main__'s dict, held by its
# own functions, is then a cycle, and the last collection runs the __del__
# of everything only the module held, in the collector's order, before it
# clears anything. That order is not the order of the names: the first
# collection at exit moved every object that a container reaches only
# later in its list (list_traverse visits the last item first) behind
# those the module's dict reaches directly.
class Noisy:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("del", self.name)


first = Noisy("first")
rebound = Noisy("old")
later = Noisy("later")
rebound = Noisy("new")  # "old" is freed now; "new" was made after "later"
alias = first  # a second name does not delay "first"
in_list = [Noisy("list 0"), Noisy("list 1")]
in_tuple = (Noisy("tuple 0"), Noisy("tuple 1"))
in_dict = {"k": Noisy("dict value")}
parent = Noisy("parent")
parent.child = Noisy("child")
ring = Noisy("ring")
ring.me = ring
pair = Noisy("pair a")
pair.other = Noisy("pair b")
pair.other.other = pair
last = Noisy("last")
print("end of program")
