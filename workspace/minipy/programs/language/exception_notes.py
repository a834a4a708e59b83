# BaseException.add_note (3.11): notes go in a list, __notes__, and the
# traceback prints each one after the exception's line.
import gc


class Job:
    def __init__(self, name):
        self.name = name


def run(job):
    try:
        raise RuntimeError("job crashed")
    except RuntimeError as e:
        e.add_note(f"while running {job.name}")
        e.add_note("second note")
        raise


try:
    run(Job("backup"))
except RuntimeError as e:
    print(e, e.__notes__, type(e.__notes__).__name__, e.__dict__)
    try:
        e.add_note(5)
    except TypeError as t:
        print(t)
print(gc.collect())
err = ValueError("bad row")
err.add_note("context: parsing row 3")
raise err
