# minipy: min-stage=cycles
# gc.get_referrers searches what the collector tracks.
import gc


class Box:
    def __init__(self, item):
        self.item = item


target = [1, 2, 3]
box = Box(target)
pair = [target, target]
mapping = {"key": target}
untracked = {"n": 1}


def kinds(objects):
    return sorted(type(o).__name__ for o in objects)


found = gc.get_referrers(target)
print(kinds(found))
print(any(r is box for r in found), any(r is pair for r in found), any(r is mapping for r in found))
print(gc.get_referents(pair) == [target, target])
print(len(gc.get_referrers(untracked)))
