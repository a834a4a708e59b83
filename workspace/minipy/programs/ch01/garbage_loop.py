# Each pass makes a new list and rebinds x to it; the previous list becomes
# garbage. On the objects stage it stays in the heap; from refcount on it is
# freed by the rebinding.
for i in range(3):
    x = [i]
print(x)
