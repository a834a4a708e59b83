# Fill a dict, overwrite its values, delete half of its keys.
d = {}
for i in range(500000):
    d[i] = [i]
for i in range(500000):
    d[i] = str(i)
for i in range(0, 500000, 2):
    del d[i]
print(len(d))
