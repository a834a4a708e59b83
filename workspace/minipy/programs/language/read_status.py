# A program reads its own memory use, as a Python programmer would.
def rss_kib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return -1

rss = rss_kib()
print("found VmRSS:", rss > 0)
with open("/proc/self/status") as f:
    text = f.read()
print("has Name line:", text.startswith("Name:"))
try:
    open("/nonexistent/file")
except FileNotFoundError as e:
    print("FileNotFoundError:", e)
