# random: seeded, the same numbers as CPython's Mersenne Twister.
import random
random.seed(42)
print([random.randint(1, 100) for _ in range(8)])
print(random.random(), random.uniform(1, 2), random.getrandbits(70), random.randrange(10), random.randrange(5, 50, 5))
items = list(range(10))
random.shuffle(items)
print(items, random.choice("abcdef"), random.sample(range(100), 5), random.sample(range(1000), 3))
random.seed(0)
print(random.random(), random.randint(0, 10 ** 30))
random.seed(2 ** 100 + 7)
print(random.random())
data = [random.randint(0, 9) for _ in range(20)]
print(data, sorted(set(data)))
