# A dict's table is one large buffer, its keys and values small objects:
# delete the dict and the process gives nearly all of it back.
# minipy: min-stage=os-memory
def rss_mib():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) // 1024
    return 0


before = rss_mib()
table = {n: n for n in range(1_000_000)}
grown = rss_mib() - before
print("a dict of a million ints made the process grow by 50 MiB or more:", grown >= 50)
del table
left = rss_mib() - before
print("deleting it gave back more than three quarters:", left < grown / 4)
