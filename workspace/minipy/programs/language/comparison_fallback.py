# An ordering a class does not define falls to the other operand's reflected
# method, and to a TypeError when neither answers; sorted uses < alone.
class M:
    def __init__(s,c): s.c=c
    def __lt__(s,o): return s.c < (o.c if isinstance(o, M) else o)
    def __repr__(s): return f"M({s.c})"
print(M(9) < 5, 5 > M(9), M(1) < M(2), M(2) > M(1))
print(sorted([M(3), M(1), M(2)]), min(M(3), M(1)), max([M(3), M(5)]))
try:
    print(M(9) > 5)
except TypeError as e:
    print(e)
try:
    print(M(9) <= 5)
except TypeError as e:
    print(e)
class G:
    def __init__(s,c): s.c=c
    def __gt__(s,o): return s.c > o.c
    def __repr__(s): return f"G({s.c})"
print(sorted([G(3), G(1), G(2)]))
