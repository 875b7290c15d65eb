"""A short run of the atheris harness (``fuzz/``): both targets, from the seed corpus, well under a
minute together. Long runs: see fuzz/README.md.

The run is the same every time (a fixed seed and a number of inputs, not a time budget), so the test
does not pass or fail by chance or by the machine's speed; the per-input limit is generous because a
busy machine can be several times slower than a quiet one. Finding new bugs is the long runs' job."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("atheris", reason="atheris is not installed (Linux, CPython 3.11 and older: the test extra)")

FUZZ = Path(__file__).resolve().parents[1] / "fuzz"


@pytest.mark.parametrize("target, runs", [("parse", 40000), ("fix", 10000)])
def test_fuzz_target_runs_clean(target, runs, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(FUZZ / "corpus", corpus)  # libFuzzer adds what it finds to this folder
    p = subprocess.run([sys.executable, str(FUZZ / "fuzz_artlint.py"), target, f"-runs={runs}", "-seed=1",
                        "-print_final_stats=1", "-timeout=120", str(corpus)], cwd=tmp_path, capture_output=True,
                       text=True, timeout=900)
    assert p.returncode == 0, p.stderr[-4000:]
    done = int(re.search(r"stat::number_of_executed_units:\s*(\d+)", p.stderr).group(1))
    print(f"fuzz {target}: {done} inputs")
    assert done >= runs
    assert not list(tmp_path.glob("crash-*"))
