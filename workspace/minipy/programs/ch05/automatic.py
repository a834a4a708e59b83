# minipy: min-stage=generations
# Collections fire by themselves inside an allocation, once generation 0
# has more than its threshold of new containers; gc.callbacks sees each.
import gc

gc.collect()
events = []


def watch(phase, info):
    events.append((phase, info["generation"]))


gc.callbacks.append(watch)
gc.set_threshold(50, 3, 3)
kept = []
for i in range(1000):
    kept.append([i])
gc.callbacks.remove(watch)
gc.set_threshold(700, 10, 10)
starts = [g for phase, g in events if phase == "start"]
print("collections:", len(starts))
print("by generation:", [starts.count(g) for g in range(3)])
print("phases alternate:", all(events[i][0] == ("start", "stop")[i % 2] for i in range(len(events))))

gc.disable()
before = len(events)
gc.callbacks.append(watch)
for i in range(1000):
    kept.append([i])
gc.callbacks.remove(watch)
print("while disabled:", len(events) - before)
gc.enable()
print(gc.isenabled())
