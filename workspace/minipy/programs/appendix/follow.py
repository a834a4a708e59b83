# Appendix A follows this program from source to output.
label = "the sum"

def total(numbers):
    result = 0
    for n in numbers:
        result = result + n
    return result

class Box:
    def __init__(self, value):
        self.value = value

box = Box(total([10, 20, 30]))
print(label.upper(), box.value)
del box
