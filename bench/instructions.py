"""Instruction counts (valgrind's callgrind) of one first pass per row, as ratios to the lxml row.

Usage: python bench/instructions.py [FOLDER] [--select RULES] [--rows check,fix,bleach]

Runs ``bench.py --only ROW`` under ``valgrind --tool=callgrind`` once per row and once with no row at all
(imports, reading the articles and the warm-up), and divides each row's extra instructions by the lxml
row's. Instruction counts do not depend on what else the machine is doing, so two versions of the code
can be compared on a busy machine; they weigh every instruction alike, so they are no stand-in for
seconds across different kinds of work (a cache miss costs more than an add).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().with_name("bench.py")


def _instructions(row: str, extra: list[str]) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        p = subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={tmp}/out", sys.executable, str(BENCH),
             "--only", row, *extra],
            capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"})
    m = re.search(r"Collected\s*:\s*(\d+)", p.stderr)
    if p.returncode != 0 or m is None:
        raise SystemExit(f"bench.py --only {row} failed under valgrind:\n{p.stderr[-2000:]}")
    return int(m.group(1))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?")
    ap.add_argument("--select")
    ap.add_argument("--rows", default="check,fix")
    args = ap.parse_args(argv)
    if shutil.which("valgrind") is None:
        print("valgrind is not installed (Debian: apt-get install valgrind)", file=sys.stderr)
        return 2
    extra = ([args.folder] if args.folder else []) + (["--select", args.select] if args.select else [])
    none = _instructions("none", extra)
    lxml = _instructions("lxml", extra) - none
    print(f"{'lxml parse+serialise':26} {lxml / 1e6:10.0f}M Ir {1:8.2f}")
    for row in args.rows.split(","):
        n = _instructions(row, extra) - none
        print(f"{row:26} {n / 1e6:10.0f}M Ir {n / lxml:8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
