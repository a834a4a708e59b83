# -*- coding: latin-1 -*-
# A program in Latin-1 that says so: CPython decodes it.
name = "café"
print(name, len(name))
