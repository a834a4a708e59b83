# A big list's item array is one large allocation: the C library maps it on
# its own, and freeing the list unmaps it at once.
# minipy: min-stage=refcount
def rss_mib():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) // 1024
    return 0


before = rss_mib()
big = [None] * 20_000_000
during = rss_mib()
print("the list made the process grow by more than 50 MiB:", during - before > 50)
del big
after = rss_mib()
print("freeing it gave that back at once:", during - after > 50)
