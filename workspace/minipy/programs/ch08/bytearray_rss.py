# A bytearray of 100 MiB is one buffer from the system allocator (glibc
# maps a request that large by itself): touching its pages makes them
# resident, and freeing it gives all of them back at once (chapter 8).
def rss_kib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
base = rss_kib()
block = bytearray(100 * 1024 * 1024)
for i in range(0, len(block), 4096):
    block[i] = 1
touched = rss_kib()
del block
freed = rss_kib()
print("grew by about 100 MiB:", 95 * 1024 < touched - base < 110 * 1024)
print("gave it back:", touched - freed > 95 * 1024)
data = b"x" * (30 * 1024 * 1024)
print("bytes counted:", rss_kib() - freed > 25 * 1024)
