# Buffers below glibc's mmap threshold share its heap, which shrinks only
# at its top: freed together they go back; with the newest one still alive,
# nothing below it can (and once it goes, a small block allocated after the
# buffers, such as a dict's grown table, may still hold the top). And bytes(n) comes from calloc: fresh zero pages,
# not resident until written, where bytearray(n) writes its zeros.
# minipy: min-stage=os-memory
def rss_mib():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


start = rss_mib()
buffers = [bytes([n % 256]) * (50 * 1024) for n in range(2000)]
grown = rss_mib() - start
print("2,000 buffers of 50 KiB cost at least 90 MiB:", grown > 90)
del buffers
print("deleted, most of it is back:", rss_mib() - start < grown / 2)

start = rss_mib()
buffers = [bytes([n % 256]) * (10 * 1024) for n in range(5000)]
grown = rss_mib() - start
newest = buffers[-1]
del buffers
print("the newest kept, nearly all stays:", rss_mib() - start > grown * 0.8)
del newest

start = rss_mib()
zeros = bytes(64 * 1024 * 1024)
print("bytes(64 MiB) is not resident:", rss_mib() - start < 8)
del zeros
written = bytearray(64 * 1024 * 1024)
print("bytearray(64 MiB) is:", rss_mib() - start > 56)
del written
print("freed, it is back:", rss_mib() - start < 8)
