# minipy: min-stage=refcount
# "I deleted it, why is it still there?" Something else holds a reference.
# gc.get_referrers finds the containers that do: here, a log of recent
# requests. sys.getrefcount counts one more: its own argument.
import gc
import sys


class Request:
    def __init__(self, path):
        self.path = path

    def __del__(self):
        print("  freed request", self.path)


recent = []


def log(request):
    recent.append(request)
    if len(recent) > 2:
        del recent[0]


request = Request("/a")
log(request)
print("del request")
del request
print("still alive: getrefcount says", sys.getrefcount(recent[0]))
holders = gc.get_referrers(recent[0])
print("held by", len(holders), "container:", type(holders[0]).__name__)
print("it is the log:", holders[0] is recent)
del holders

for path in ["/b", "/c"]:
    log(Request(path))
print("the log now holds", len(recent), "requests")
recent.clear()
print("end")
