# A program whose bytes are not UTF-8 and that declares no encoding:
# CPython refuses it before running anything (PEP 263).
print("never printed")
name = "café"
