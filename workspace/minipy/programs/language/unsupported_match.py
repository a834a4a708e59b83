# minipy: cpython-differs (match statements are outside the subset: a clear error, not a crash)
command = "go"
match command:
    case "go":
        print("going")
print("never runs")
