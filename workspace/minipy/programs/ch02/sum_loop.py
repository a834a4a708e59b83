# Summing a list writes to every item's header, although nothing is changed:
# each pass takes references to the item and drops them again. The items are
# ints above 256, which CPython 3.11 allocates (and counts) one by one.
def total(numbers):
    result = 0
    for n in numbers:
        result = result + n
    return result


print(total([1000, 2000, 3000]))
