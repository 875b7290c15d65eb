"""Shared helpers: where the repository, fixtures and corpus are, and how to run the real CLI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from ci_helpers import ARTICLES, CORPUS, REPO, need_corpus  # noqa: F401  (tests import the paths from here too)

FIXTURES = REPO / "fixtures"


def run_cli(*args: str, cwd: Path | str | None = None, input: bytes | None = None,
            env: dict | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m artlint`` in a subprocess, as a user would, and capture its output as text."""
    with tempfile.TemporaryDirectory(prefix="artlint-cache-") as cache:
        # A private results cache per run: parallel test workers must not see each other's results.
        full_env = {**os.environ, "PYTHONIOENCODING": "utf-8", "ARTLINT_CACHE_DIR": cache, **(env or {})}
        proc = subprocess.run([sys.executable, "-m", "artlint", *args], cwd=cwd, input=input,
                              capture_output=True, env=full_env)
    proc.stdout = proc.stdout.decode("utf-8")
    proc.stderr = proc.stderr.decode("utf-8")
    return proc


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture(scope="session")
def corpus_articles() -> Path:
    return need_corpus()


@pytest.fixture
def corpus_copy(corpus_articles, tmp_path) -> Path:
    """A private copy of the corpus articles that a test may fix in place."""
    dest = tmp_path / "articles"
    shutil.copytree(corpus_articles, dest)
    return dest


def article(body: str = "<p>x</p>", **meta: str) -> str:
    """A small article: YAML front-matter (title and date by default) and an HTML body, ending in a
    newline as a clean file does (``final-newline`` is in the default selection)."""
    meta = {"title": "T", "date": "2021-09-29T07:52:07+00:00", **meta}
    lines = "".join(f"{k}: {v}\n" for k, v in meta.items())
    end = "" if body.endswith("\n") else "\n"
    return f"---\n{lines}---\n{body}{end}"
