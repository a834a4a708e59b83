# An uncaught exception: traceback on stderr, exit code 1.
def level2(x):
    return 10 / x

def level1():
    return level2(0)

print("before")
level1()
print("never")
