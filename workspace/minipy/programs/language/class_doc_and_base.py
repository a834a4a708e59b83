# A class's docstring is its __doc__, and a class without one has __doc__ None
# of its own (not its base's); __base__ is the first base.
class A:
    "A's doc"
    x = 1
class B(A): pass
class C:
    """Multi
    line"""
print(A.__doc__, B.__doc__, repr(C.__doc__), A().__doc__, B().__doc__)
print(A.__base__, B.__base__, object.__base__)
