# Two threads append one object to one list, 100,000 times each. Every
# append adds a reference to `item`, so both threads write its count.
import sys
import threading

item = object()
shared = []


def worker():
    for _ in range(100_000):
        shared.append(item)


threads = [threading.Thread(target=worker) for _ in range(2)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()

print("items in the list:", len(shared))
# The list's references, the name `item`, and getrefcount's own argument.
print("references to item:", sys.getrefcount(item))
print("as counted:", sys.getrefcount(item) == len(shared) + 2)
