"""A short run of the atheris harness (``fuzz/``): both targets, from the seed corpus, well under a
minute together. Long runs: see fuzz/README.md."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("atheris", reason="atheris is not installed (Linux, CPython 3.11 and older: the test extra)")

FUZZ = Path(__file__).resolve().parents[1] / "fuzz"


@pytest.mark.parametrize("target, seconds", [("parse", 15), ("fix", 30)])
def test_fuzz_target_runs_clean(target, seconds, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(FUZZ / "corpus", corpus)  # libFuzzer adds what it finds to this folder
    p = subprocess.run([sys.executable, str(FUZZ / "fuzz_artlint.py"), target, f"-max_total_time={seconds}",
                        "-print_final_stats=1", "-timeout=20", str(corpus)], cwd=tmp_path, capture_output=True,
                       text=True, timeout=seconds + 120)
    assert p.returncode == 0, p.stderr[-4000:]
    runs = int(re.search(r"stat::number_of_executed_units:\s*(\d+)", p.stderr).group(1))
    print(f"fuzz {target}: {runs} inputs in {seconds} s")
    assert runs > 0
    assert not list(tmp_path.glob("crash-*"))
