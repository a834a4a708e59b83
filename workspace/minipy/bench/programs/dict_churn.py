# Fill a dict, overwrite its values, delete half of its keys.
d = {}
for i in range(100000):
    d[i] = [i]
for i in range(100000):
    d[i] = str(i)
for i in range(0, 100000, 2):
    del d[i]
print(len(d))
