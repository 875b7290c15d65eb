"""How artlint scales on one machine: the cache, parallel runs and memory on thousands of articles.

Usage: python bench/scale.py [FOLDER] [--files N] [--small N] [--keep]

Makes N articles (default 10,000) by copying FOLDER (default: the shared corpus) into a temporary
folder, 100 to a sub-folder, then runs the real ``artlint check`` as a child process:

* cold cache, then warm cache (target: warm <= 10% of cold);
* ``--jobs 1`` vs ``--jobs 2`` with ``--no-cache`` (target: >= 1.6x);
* peak resident memory of the run's processes for ``--small`` (default 1,000) vs N files
  (target: flat), measured with ``resource.getrusage(RUSAGE_CHILDREN)`` in a fresh parent per run.

Reports go to /dev/null as JSON. The ratios are the result; absolute times depend on the machine. On a
shared machine wall-clock ratios suffer from the other load (printed as the load average), so CPU time
(user + system of every process of the run) is printed beside them.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "articles"
_RSS = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")


def make_articles(src: Path, dst: Path, n: int) -> None:
    files = sorted(src.glob("*.md"))
    if not files:
        sys.exit(f"no articles in {src}")
    for i in range(n):
        f = files[i % len(files)]
        folder = dst / f"d{i // 100:03d}"
        if i % 100 == 0:
            folder.mkdir(parents=True)
        shutil.copyfile(f, folder / f"{i:05d}-{f.name}")


def artlint(*args: str) -> list[str]:
    return [sys.executable, "-m", "artlint", "check", "--format", "json", "-o", os.devnull, *args]


def timed(cmd: list[str], cwd: Path) -> tuple[float, float]:
    """Wall-clock seconds and CPU seconds (user + system, all processes of the run)."""
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd)} failed ({p.returncode}):\n{p.stderr}")
    return elapsed, (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)


def peak_rss_mb(cmd: list[str], cwd: Path) -> float:
    out = subprocess.run([sys.executable, "-c", _RSS, *cmd], cwd=cwd, capture_output=True, text=True, check=True)
    return int(out.stdout.strip()) / 1024  # ru_maxrss is in KiB on Linux


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--files", type=int, default=10_000)
    ap.add_argument("--small", type=int, default=1_000)
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    a = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="artlint-scale-"))
    try:
        big, small = tmp / "big", tmp / "small"
        make_articles(a.folder, big, a.files)
        make_articles(a.folder, small, a.small)
        cache = tmp / "cache"
        res: dict[str, float] = {}
        load0 = os.getloadavg()[0]
        res["cold"], res["cold_cpu"] = timed(artlint("big", "--cache-dir", str(cache)), tmp)
        res["warm"], res["warm_cpu"] = timed(artlint("big", "--cache-dir", str(cache)), tmp)
        res["jobs1"], res["jobs1_cpu"] = timed(artlint("big", "--no-cache", "--jobs", "1"), tmp)
        res["jobs2"], res["jobs2_cpu"] = timed(artlint("big", "--no-cache", "--jobs", "2"), tmp)
        for label, folder in (("small", "small"), ("big", "big")):
            res[f"rss_{label}_j1"] = peak_rss_mb(artlint(folder, "--no-cache", "--jobs", "1"), tmp)
            res[f"rss_{label}_j2"] = peak_rss_mb(artlint(folder, "--no-cache", "--jobs", "2"), tmp)
        load1 = os.getloadavg()[0]
        print(f"artlint check on {a.files:,} articles (copies of {len(list(a.folder.glob('*.md')))} files), "
              f"{os.cpu_count()} CPUs, load average {load0:.1f} at start, {load1:.1f} at end")
        print(f"  cache: cold {res['cold']:.2f}s, warm {res['warm']:.2f}s -> warm/cold = "
              f"{res['warm'] / res['cold']:.1%} (target <= 10%); CPU time {res['cold_cpu']:.2f}s vs "
              f"{res['warm_cpu']:.2f}s -> {res['warm_cpu'] / res['cold_cpu']:.1%}")
        print(f"  --no-cache: --jobs 1 {res['jobs1']:.2f}s, --jobs 2 {res['jobs2']:.2f}s -> speed-up "
              f"{res['jobs1'] / res['jobs2']:.2f}x (target >= 1.6x); CPU time {res['jobs1_cpu']:.2f}s vs "
              f"{res['jobs2_cpu']:.2f}s (parallel overhead {res['jobs2_cpu'] / res['jobs1_cpu'] - 1:+.0%})")
        for j in ("j1", "j2"):
            print(f"  peak RSS --jobs {j[1]}: {a.small:,} files {res[f'rss_small_{j}']:.0f} MB, {a.files:,} files "
                  f"{res[f'rss_big_{j}']:.0f} MB -> ratio {res[f'rss_big_{j}'] / res[f'rss_small_{j}']:.2f} "
                  "(target: flat)")
        print(json.dumps({k: round(v, 3) for k, v in res.items()}))
    finally:
        if a.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
