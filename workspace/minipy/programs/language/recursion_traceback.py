# Unbounded recursion: the traceback of the RecursionError shows three
# frames of the recursive line and how many more it left out.
def countdown(n):
    return countdown(n + 1)

countdown(0)
