d = {"a": 1, "b": 2}
d["c"] = 3
print(d, len(d), d["b"], "a" in d, "z" in d)
print(d.get("z"), d.get("z", 0), list(d.keys()), list(d.values()))
for k, v in d.items():
    print(k, v)
del d["a"]
print(d)
print(d.pop("b"), d)
d.update({"x": 10, "c": 30})
print(d)
print(d.setdefault("y", []), d)
e = dict([("k", "v")])
print(e, dict(), {1: "int", 1.0: "float", True: "bool"})
try:
    d["missing"]
except KeyError as err:
    print("KeyError", err)
counts = {}
for word in "a b a c b a".split():
    counts[word] = counts.get(word, 0) + 1
print(counts)
