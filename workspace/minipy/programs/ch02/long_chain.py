# Freeing a 200,000-long chain must not overflow any stack (the trashcan).
head = None
for i in range(200000):
    head = [head]
print("built")
head = None
print("freed")
