"""Killing ``artlint fix`` never leaves a half-written file, and Ctrl-C stops cleanly with a summary.

A 2,000-file tree of corpus articles is fixed once on a copy to learn every file's fixed bytes. Then
``fix`` runs on the tree and the whole process group (the parent and its workers, as the OOM killer or a
CI timeout would) is killed with SIGKILL at random moments, three times over the same tree, sharing one
results cache. After each kill every file must be exactly its original or exactly its fixed bytes. Temp
files of a killed run may remain (their names carry the dead process's id); the next ``fix`` removes them.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

N_FILES = 2000


def _tree(src: Path, dest: Path) -> None:
    articles = sorted(src.glob("*.md"))
    for i in range(N_FILES):
        a = articles[i % len(articles)]
        folder = dest / f"d{i // 100:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(a, folder / f"{i:04d}-{a.name}")


def _start(tree: Path, cache: Path) -> subprocess.Popen:
    env = {**os.environ, "ARTLINT_CACHE_DIR": str(cache), "PYTHONIOENCODING": "utf-8"}
    env.pop("GITHUB_ACTIONS", None)
    # Its own session, so a signal can go to the whole process group, workers included.
    return subprocess.Popen([sys.executable, "-m", "artlint", "fix", "--jobs", "2", "."], cwd=tree, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)


def _gone(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return True
    return False


def _wait_group(p: subprocess.Popen, timeout: float = 120) -> str:
    err = p.communicate(timeout=timeout)[1].decode("utf-8", "replace")
    deadline = time.monotonic() + timeout
    while not _gone(p.pid) and time.monotonic() < deadline:  # orphaned workers finishing a write
        time.sleep(0.05)
    assert _gone(p.pid), "a worker outlived its run"
    return err


def _states(tree: Path, original: dict[str, bytes], fixed: dict[str, bytes]) -> dict[str, int]:
    counts = {"original": 0, "fixed": 0}
    for rel, before in original.items():
        now = (tree / rel).read_bytes()
        if now == fixed[rel]:
            counts["fixed"] += 1
        elif now == before:
            counts["original"] += 1
        else:
            pytest.fail(f"{rel} is neither its original nor its fixed bytes ({len(now)} bytes)")
    return counts


def _read_all(tree: Path) -> dict[str, bytes]:
    return {p.relative_to(tree).as_posix(): p.read_bytes() for p in sorted(tree.rglob("*.md"))}


def _temps(tree: Path) -> list[Path]:
    return [p for p in tree.rglob("*") if p.name.endswith(".artlint-tmp")]


@pytest.fixture(scope="module")
def trees(corpus_articles, tmp_path_factory):
    """(original tree, its bytes, fixed bytes, seconds one clean run took)."""
    base = tmp_path_factory.mktemp("crash")
    original = base / "original"
    _tree(corpus_articles, original)
    expected = base / "expected"
    shutil.copytree(original, expected)
    t0 = time.monotonic()
    p = _start(expected, base / "cache-expected")
    err = _wait_group(p, timeout=600)
    took = time.monotonic() - t0
    assert p.returncode in (0, 1), err
    before, after = _read_all(original), _read_all(expected)
    assert sum(before[k] != after[k] for k in before) > N_FILES // 2, "the tree must have plenty to fix"
    return original, before, after, took


def test_sigkill_at_random_moments_leaves_every_file_whole(trees, tmp_path):
    original, before, after, took = trees
    tree = tmp_path / "tree"
    shutil.copytree(original, tree)
    cache = tmp_path / "cache"
    rnd = random.Random(os.environ.get("ARTLINT_KILL_SEED", "2000"))
    seen = []
    for _ in range(3):
        p = _start(tree, cache)
        time.sleep(rnd.uniform(0.3, max(0.5, took * 0.8)))
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass  # it finished first: every file is fixed, which the check below accepts
        _wait_group(p)
        seen.append(_states(tree, before, after))
    print("after each kill (original, fixed):", [(s["original"], s["fixed"]) for s in seen])
    leftovers = _temps(tree)
    for t in leftovers:
        assert re.fullmatch(r"\..+\.\d+\.\w+\.artlint-tmp", t.name), t.name
    # The next run removes what the killed ones left and finishes the job.
    p = _start(tree, cache)
    err = _wait_group(p, timeout=600)
    assert p.returncode in (0, 1), err
    assert _read_all(tree) == after
    assert not _temps(tree), f"stale temp files were not removed: {_temps(tree)[:3]}"


def test_ctrl_c_stops_cleanly_with_a_summary(trees, tmp_path):
    original, before, after, took = trees
    tree = tmp_path / "tree"
    shutil.copytree(original, tree)
    for delay in (took * 0.4, took * 0.2, 0.3):
        p = _start(tree, tmp_path / "cache")
        time.sleep(delay)
        os.killpg(p.pid, signal.SIGINT)  # what a terminal sends on Ctrl-C: the whole foreground group
        err = _wait_group(p)
        if p.returncode == 130:
            break
        shutil.rmtree(tree)  # it finished before the signal: try again, earlier
        shutil.copytree(original, tree)
    else:
        pytest.fail("could not interrupt a run in time")
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err[-3000:]
    m = re.search(r"artlint: interrupted: fixed (\d+) findings? in (\d+) files?; (\d+) of 2000 files processed", err)
    assert m, err[-3000:]
    counts = _states(tree, before, after)
    changed = sum(1 for k in before if (tree / k).read_bytes() != before[k])
    assert int(m.group(2)) == changed, "the summary must count exactly the files written"
    assert 0 < changed < N_FILES - 1 and counts["fixed"] + counts["original"] == N_FILES
    assert not _temps(tree), "a clean stop leaves no temp files"
