# The fragmentation experiment: build a million small objects, free all but
# every 100th, then the rest, and read the resident set size after each step.
def rss_kib():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


steps = [("start", rss_kib())]
objects = [float(n) for n in range(1_000_000)]
steps.append(("built 1,000,000 floats", rss_kib()))
objects = objects[::100]
steps.append(("kept every 100th", rss_kib()))
objects = None
steps.append(("freed them all", rss_kib()))
for name, kib in steps:
    print(f"{name}: {kib}")
