"""The results cache and parallel runs: same findings, same order, however they were computed."""

from __future__ import annotations

import json
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from ci_helpers import BAD_ARTICLE, artlint, need_corpus


def _db(cache: Path) -> sqlite3.Connection:
    (db,) = cache.glob("results-*.sqlite")
    return sqlite3.connect(db)


def _entries(cache: Path) -> list[tuple[str, list]]:
    if not cache.exists():
        return []
    with closing(_db(cache)) as db:
        return [(k, json.loads(rows)) for k, rows in db.execute("SELECT key, rows FROM results ORDER BY key")]


def _tamper(cache: Path, old: str, new: str) -> int:
    """Rewrite cached messages, so a run that prints the new text provably read the cache."""
    with closing(_db(cache)) as db, db:
        # Both the findings and their rendered report chunks.
        db.execute("UPDATE chunks SET chunk = replace(chunk, ?, ?)", (old, new))
        return db.execute("UPDATE results SET rows = replace(rows, ?, ?) WHERE instr(rows, ?) > 0",
                          (old, new, old)).rowcount


def test_cache_is_used_and_keyed_by_content_and_config(tmp_path):
    (tmp_path / "a.md").write_text(BAD_ARTICLE, encoding="utf-8")
    first = artlint("check", "a.md", cwd=tmp_path)
    cache = tmp_path / ".artlint_cache"
    assert (cache / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    assert len(_entries(cache)) == 1
    assert _tamper(cache, "inline style on <p>", "FROM THE CACHE") == 1

    assert "FROM THE CACHE" in artlint("check", "a.md", cwd=tmp_path).stdout
    assert artlint("check", "a.md", "--no-cache", cwd=tmp_path).stdout == first.stdout
    # Anything that changes results changes the key: the selection, the config, the file's bytes.
    assert "FROM THE CACHE" not in artlint("check", "a.md", "--select", "HT001", cwd=tmp_path).stdout
    (tmp_path / "artlint.toml").write_text('[rules.html-comment]\nkeep = ["more"]\n', encoding="utf-8")
    p = artlint("check", "a.md", cwd=tmp_path)
    assert p.returncode == 1 and "FROM THE CACHE" not in p.stdout and "inline style on <p>" in p.stdout
    (tmp_path / "artlint.toml").unlink()
    assert "FROM THE CACHE" in artlint("check", "a.md", cwd=tmp_path).stdout
    (tmp_path / "a.md").write_text(BAD_ARTICLE.replace("Nothing else", "Nothing more"), encoding="utf-8")
    assert artlint("check", "a.md", cwd=tmp_path).stdout == first.stdout

    c = artlint("clean", cwd=tmp_path)
    assert c.returncode == 0 and not cache.exists()


def test_fix_uses_the_cache_only_when_nothing_is_fixable(tmp_path):
    art = tmp_path / "a.md"
    art.write_text(BAD_ARTICLE, encoding="utf-8")
    artlint("check", "a.md", cwd=tmp_path)
    p = artlint("fix", "a.md", cwd=tmp_path)
    assert p.returncode == 0 and "Fixed 2 findings in 1 file." in p.stderr
    fixed = art.read_text(encoding="utf-8")
    assert 'style="' not in fixed
    # `fix` stored the outcome for the new bytes: the next check is a cache hit with no findings.
    cache = tmp_path / ".artlint_cache"
    hits = [k for k, rows in _entries(cache) if rows == []]
    assert len(hits) == 1
    p = artlint("fix", "a.md", cwd=tmp_path)
    assert p.returncode == 0 and art.read_text(encoding="utf-8") == fixed


def test_unreadable_files_are_not_cached(tmp_path):
    (tmp_path / "bad.md").write_bytes(b"---\ntitle: [unclosed\n---\n<p>x</p>\n\xff\xfe")
    p = artlint("check", "bad.md", cwd=tmp_path)
    assert p.returncode == 2 and "Traceback" not in p.stderr
    assert _entries(tmp_path / ".artlint_cache") == []


def test_cache_dir_option(tmp_path):
    (tmp_path / "a.md").write_text(BAD_ARTICLE, encoding="utf-8")
    artlint("check", "a.md", "--cache-dir", "elsewhere", cwd=tmp_path)
    assert len(_entries(tmp_path / "elsewhere")) == 1 and not (tmp_path / ".artlint_cache").exists()
    assert artlint("clean", "--cache-dir", "elsewhere", cwd=tmp_path).returncode == 0
    (tmp_path / "precious").mkdir()
    (tmp_path / "precious" / "keep.txt").write_text("x")
    p = artlint("clean", "--cache-dir", "precious", cwd=tmp_path)
    assert p.returncode == 2 and (tmp_path / "precious" / "keep.txt").exists()


@pytest.fixture(scope="module")
def corpus_copy(tmp_path_factory):
    dst = tmp_path_factory.mktemp("par") / "posts"
    shutil.copytree(need_corpus(), dst)
    return dst


def test_parallel_output_equals_sequential(corpus_copy):
    root = corpus_copy.parent
    one = artlint("check", "posts", "--no-cache", "--jobs", "1", "--format", "json", cwd=root)
    two = artlint("check", "posts", "--no-cache", "--jobs", "2", "--format", "json", cwd=root)
    assert one.returncode == two.returncode == 1
    assert one.stdout == two.stdout
    # Cold and warm cache, in parallel: still byte for byte the same report.
    cold = artlint("check", "posts", "--jobs", "2", "--format", "json", cwd=root)
    warm = artlint("check", "posts", "--jobs", "2", "--format", "json", cwd=root)
    assert cold.stdout == warm.stdout == one.stdout
    assert len(_entries(root / ".artlint_cache")) == len(list(corpus_copy.glob("*.md")))


def test_parallel_fix_equals_sequential(tmp_path, corpus_copy):
    a, b = tmp_path / "a", tmp_path / "b"
    shutil.copytree(corpus_copy, a)
    shutil.copytree(corpus_copy, b)
    pa = artlint("fix", ".", "--no-cache", "--jobs", "1", "--format", "json", cwd=a)
    pb = artlint("fix", ".", "--jobs", "2", "--format", "json", cwd=b)
    assert pa.stdout == pb.stdout and pa.returncode == pb.returncode
    for f in sorted(a.glob("*.md")):
        assert f.read_bytes() == (b / f.name).read_bytes(), f.name


def test_jobs_must_be_positive(tmp_path):
    p = artlint("check", ".", "--jobs", "0", cwd=tmp_path)
    assert p.returncode == 2 and "at least 1" in p.stderr


def test_cache_sees_files_that_rules_look_up(tmp_path):
    """A rule that checks local images depends on the static folder: adding the image must show."""
    (tmp_path / "static" / "images").mkdir(parents=True)
    (tmp_path / "artlint.toml").write_text('static-dir = "static"\n', encoding="utf-8")
    (tmp_path / "a.md").write_text("---\ntitle: T\ndate: 2021-01-01\n---\n\n"
                                   '<p><img src="/images/chart.png" alt="Chart"></p>\n', encoding="utf-8")
    p = artlint("check", "a.md", "--select", "local-image-missing", cwd=tmp_path)
    assert p.returncode == 1 and "IMG007" in p.stdout, p.stdout + p.stderr
    assert len(_entries(tmp_path / ".artlint_cache")) == 1
    (tmp_path / "static" / "images" / "chart.png").write_bytes(b"\x89PNG")
    p = artlint("check", "a.md", "--select", "local-image-missing", cwd=tmp_path)
    assert p.returncode == 0 and p.stdout == "", p.stdout


def test_progress_bar_only_after_a_moment():
    import io

    from artlint._parallel import _Progress

    quick = io.StringIO()
    bar = _Progress(50, file=quick, force_terminal=True)  # the default delay: a fast run shows nothing
    for _ in range(50):
        bar.advance()
    bar.close()
    assert quick.getvalue() == ""

    slow = io.StringIO()
    bar = _Progress(50, file=slow, delay=0, force_terminal=True)
    for _ in range(10):
        bar.advance()
    bar.close()
    assert "10/50" in slow.getvalue()


def test_no_progress_output_when_stderr_is_not_a_terminal(corpus_copy):
    p = artlint("check", "posts", "--no-cache", "--jobs", "2", "-q", cwd=corpus_copy.parent)
    assert p.returncode == 1 and p.stderr == ""
