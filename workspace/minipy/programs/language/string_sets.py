# Sets of strings iterate in the order of CPython's hash table; string
# hashes are SipHash-1-3 as in CPython 3.11 (compared with PYTHONHASHSEED=0).
words = "the quick brown fox jumps over the lazy dog".split()
unique = set(words)
print(unique)
print({"alpha", "beta", "gamma"}, set("mississippi"))
print({w.upper() for w in words if len(w) > 3})
print(frozenset(["x", "y"]) | {"z"}, sorted(unique) == sorted(set(words)))
print(hash(""), hash("a") == hash("a"), {("a", 1), ("b", 2)})
counts = {}
for w in words:
    counts[w] = counts.get(w, 0) + 1
print(set(counts), {k for k, v in counts.items() if v > 1})
