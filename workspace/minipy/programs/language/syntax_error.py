# minipy: cpython-differs (the parser reports this error in its own words)
print("this file does not parse"
x = 
