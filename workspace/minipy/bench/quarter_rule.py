#!/usr/bin/env python3
"""Builds a structure that is kept whole (a list of N small lists) for
growing N, under python3 and minipy, and prints the time of each build
and its ratio to the one half its size. With CPython 3.11's 25% rule the
ratio stays near 2 on both (linear time); without it, every full
collection walks everything built so far, and the ratio would grow with N
(see `cargo run --release -p ch05-generations --example quarter_rule`,
which counts the objects the collections examine, with and without it).

Usage (from the repository root, after `cargo build --release -p minipy`):
    python3 workspace/minipy/bench/quarter_rule.py [--minipy PATH]
"""

import argparse
import os
import subprocess
import sys
import tempfile

from compare import default_minipy

PROGRAM = """
import time
start = time.perf_counter()
kept = []
for i in range({n}):
    kept.append([i])
print(f"{{time.perf_counter() - start:.4f}}")
"""


def build_time(command, n):
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
        f.write(PROGRAM.format(n=n))
    try:
        out = subprocess.run(command + [f.name], capture_output=True, text=True)
    finally:
        os.unlink(f.name)
    if out.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{out.stderr}")
    return float(out.stdout)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minipy", default=default_minipy())
    args = parser.parse_args()
    print(f"{'N':>10} {'python3 (s)':>12} {'ratio':>6} {'minipy (s)':>11} {'ratio':>6}")
    previous = None
    for n in (250_000, 500_000, 1_000_000, 2_000_000):
        times = [min(build_time(command, n) for _ in range(3)) for command in (["python3"], [args.minipy])]
        ratios = ["" if previous is None else f"{t / p:.2f}" for t, p in zip(times, previous or times)]
        print(f"{n:>10} {times[0]:>12.3f} {ratios[0]:>6} {times[1]:>11.3f} {ratios[1]:>6}")
        previous = times


if __name__ == "__main__":
    main()
