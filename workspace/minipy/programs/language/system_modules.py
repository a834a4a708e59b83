# The system modules a memory program uses to measure itself: resource,
# os, time (values are machine-specific, so only their kinds are printed).
import os, time, resource, string
usage = resource.getrusage(resource.RUSAGE_SELF)
print(type(usage.ru_maxrss).__name__, usage.ru_maxrss > 0, type(usage.ru_utime).__name__)
print(type(os.getpid()).__name__, os.getpid() > 0, os.cpu_count() >= 1)
start = time.time()
time.sleep(0.01)
print(time.time() - start >= 0.01, time.time() > 1.7e9, time.perf_counter_ns() > 0, time.monotonic() >= 0, time.process_time() >= 0)
with open(f"/proc/{os.getpid()}/status") as status:
    print(any(line.startswith("VmRSS") for line in status))
print(string.ascii_lowercase, string.digits, len(string.punctuation), repr(string.whitespace))
