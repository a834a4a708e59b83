# dataclasses: order=True, field(init/repr/compare=...), __post_init__,
# fields(), replace(), nested asdict, and the checks @dataclass makes.
import gc
from dataclasses import dataclass, field, fields, replace, asdict, astuple, is_dataclass, MISSING


@dataclass(order=True)
class Task:
    priority: int
    name: str = field(compare=False)
    log: list = field(default_factory=list, repr=False)
    count: int = field(default=0, init=False)

    def __post_init__(self):
        self.count = len(self.name)


tasks = [Task(3, "c"), Task(1, "aa"), Task(2, "b")]
print(sorted(tasks))
print(Task(1, "x") == Task(1, "y"), Task(1, "x") < Task(2, "a"), Task(2, "x") >= Task(2, "y"))
print([f.name for f in fields(Task)], is_dataclass(Task), is_dataclass(tasks[0]), is_dataclass(3))
for f in fields(tasks[0]):
    print(f.name, f.type, f.default is MISSING, f.default_factory is MISSING, f.init, f.repr, f.compare, f.hash)
t = replace(tasks[0], name="zz")
print(t, t.count, t.log is tasks[0].log, Task.__match_args__)


@dataclass
class Tree:
    value: int
    kids: list = field(default_factory=list)


print(asdict(Tree(1, [Tree(2), Tree(3)])), astuple(Tree(4, [Tree(5)])))
try:
    @dataclass
    class Shared:
        items: list = []
except ValueError as e:
    print("ValueError:", e)
try:
    @dataclass
    class Unordered:
        x: int = 0
        y: int
except TypeError as e:
    print("TypeError:", e)
try:
    replace(t, count=3)
except ValueError as e:
    print("ValueError:", e)
try:
    field(default=1, default_factory=list)
except ValueError as e:
    print("ValueError:", e)
try:
    @dataclass(order=True, eq=False)
    class NoEq:
        x: int
except ValueError as e:
    print("ValueError:", e)
try:
    fields(3)
except TypeError as e:
    print("TypeError:", e)


@dataclass(frozen=True, order=True)
class Version:
    major: int
    minor: int = 0


print(sorted({Version(1, 2), Version(1), Version(0, 9)}), hash(Version(1)) == hash(Version(1)))
try:
    Version(1) < 3
except TypeError as e:
    print("TypeError:", e)
del Task, Tree, Version, tasks, t
gc.collect()
