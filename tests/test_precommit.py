"""The pre-commit hooks, run by pre-commit itself against this repository (``pre-commit try-repo``)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ci_helpers import BAD_ARTICLE, REPO

pytest.importorskip("pre_commit", reason="the 'pre-commit' package (test extra) is not installed")


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="session")
def hook_repo(tmp_path_factory) -> Path:
    """This checkout as pre-commit would fetch it: a clean git repository whose HEAD includes the
    working tree (committed on a throwaway branch of a local clone, so the checkout is left alone)."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    if not (REPO / ".git").exists():
        pytest.skip(f"{REPO} is not a git checkout, which pre-commit try-repo needs")
    clone = tmp_path_factory.mktemp("hookrepo") / "artlint"
    _git(REPO, "clone", "-q", "--no-hardlinks", str(REPO), str(clone))
    # Bring over uncommitted edits so the test exercises the code under test, not the last commit.
    tracked = _git(REPO, "ls-files", "-z", "--cached", "--others", "--exclude-standard").split("\0")
    for rel in filter(None, tracked):
        src = REPO / rel
        dst = clone / rel
        if src.is_file():
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst)
    _git(clone, "add", "-A")
    _git(clone, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-q", "--allow-empty",
         "-m", "snapshot")
    return clone


@pytest.fixture(scope="session")
def pre_commit_home(tmp_path_factory) -> Path:
    # One home per session: both hooks share the environment pre-commit builds for the repo.
    return tmp_path_factory.mktemp("pre-commit-home")


def _try_repo(project: Path, hook_repo: Path, hook: str, home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never", "NO_COLOR": "1"}
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), hook, "--all-files",
                           "--verbose"], cwd=project, env=env, capture_output=True, text=True)


def test_hooks_fail_fix_and_pass(tmp_path, hook_repo, pre_commit_home):
    project = tmp_path / "site"
    (project / "source" / "_posts").mkdir(parents=True)
    bad = project / "source" / "_posts" / "results.md"
    bad.write_text(BAD_ARTICLE, encoding="utf-8")
    good = project / "source" / "_posts" / "clean.md"
    good.write_text("---\ntitle: Clean\ndate: 2021-01-01\n---\n\n<p>Fine.</p>\n", encoding="utf-8")
    (project / "notes.txt").write_text("<p style='x'>not an article type</p>\n", encoding="utf-8")
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {hook_repo.as_posix()}\n  rev: {_git(hook_repo, 'rev-parse', 'HEAD').strip()}\n"
        "  hooks:\n  - id: artlint\n  - id: artlint-fix\n", encoding="utf-8")
    _git(project, "init", "-q")
    _git(project, "add", "-A")

    first = _try_repo(project, hook_repo, "artlint", pre_commit_home)
    assert first.returncode == 1, first.stdout + first.stderr
    assert "HT001" in first.stdout and "results.md" in first.stdout
    assert "notes.txt" not in first.stdout
    assert bad.read_text(encoding="utf-8") == BAD_ARTICLE  # the check hook never writes

    fixing = _try_repo(project, hook_repo, "artlint-fix", pre_commit_home)
    assert fixing.returncode == 1, fixing.stdout + fixing.stderr  # files were modified
    assert "files were modified by this hook" in fixing.stdout
    fixed = bad.read_text(encoding="utf-8")
    assert 'style="' not in fixed and "news_keyword_pub" not in fixed
    assert "<p>Revenue rose 12%.</p>" in fixed
    assert good.read_text(encoding="utf-8").endswith("<p>Fine.</p>\n")

    _git(project, "add", "-A")
    again = _try_repo(project, hook_repo, "artlint-fix", pre_commit_home)
    assert again.returncode == 0, again.stdout + again.stderr
    assert bad.read_text(encoding="utf-8") == fixed
    check = _try_repo(project, hook_repo, "artlint", pre_commit_home)
    assert check.returncode == 0, check.stdout + check.stderr
    # The cache the hook made in the project stays out of git.
    assert "artlint_cache" not in _git(project, "status", "--porcelain")
