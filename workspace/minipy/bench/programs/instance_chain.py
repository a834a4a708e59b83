# Build a 1,000,000-long linked list of instances, then drop it in one go.
class Node:
    def __init__(self, value, next):
        self.value = value
        self.next = next

head = None
for i in range(1000000):
    head = Node(i, head)
count = 0
node = head
while node is not None:
    count += 1
    node = node.next
head = None
print(count)
