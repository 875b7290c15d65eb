"""Shared bits of the CI-facing tests: the corpus location and running the real command line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / ".." / "shared" / "corpus"
ARTICLES = CORPUS / "articles"
SCHEMAS = REPO / ".." / "shared" / "schemas"

BAD_ARTICLE = """---
title: Quarterly results
date: 2021-09-29T07:52:07+00:00
---

<div>
<p style="text-align: center">Revenue rose 12%.</p><!-- news_keyword_pub,stock, -->
<p>Nothing else to see.</p>
</div>
"""


def need_corpus(folder: Path = ARTICLES) -> Path:
    """``folder`` of the corpus, or a skip naming it when the corpus is not beside the repository."""
    if not folder.is_dir():
        pytest.skip(f"corpus folder {folder} is missing (it sits beside the repository as shared/corpus)")
    return folder


def artlint(*args: str, cwd: Path | str | None = None, env: dict | None = None, input: str | None = None,
            check: bool = False) -> subprocess.CompletedProcess:
    """Run the real CLI in a child process (a clean interpreter, as users run it)."""
    full_env = {**os.environ, **(env or {})}
    full_env.pop("GITHUB_ACTIONS", None) if env is None or "GITHUB_ACTIONS" not in env else None
    p = subprocess.run([sys.executable, "-m", "artlint", *args], cwd=cwd, env=full_env, input=input,
                       capture_output=True, text=True, encoding="utf-8")
    if check and p.returncode not in (0, 1):
        raise AssertionError(f"artlint {' '.join(args)} exited {p.returncode}:\n{p.stderr}")
    return p
