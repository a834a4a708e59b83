# A million small objects live in the small-object allocator's arenas. Freed,
# they go back to the operating system only when whole arenas are empty.
# minipy: min-stage=pymalloc
# minipy: differs-on=pymalloc
def rss_mib():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) // 1024
    return 0


before = rss_mib()
floats = [float(n) for n in range(1_000_000)]
grown = rss_mib() - before
print("a million floats made the process grow:", grown > 20)

survivors = floats[::100]
floats = None
kept = rss_mib() - before
print("with every 100th kept, most of it is still there:", kept > grown / 2)

survivors = None
left = rss_mib() - before
print("with none kept, most of it went back:", left < grown / 2)
