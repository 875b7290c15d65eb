"""Baselines and ``--changed-since``: adopting artlint on many existing articles at once."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from ci_helpers import BAD_ARTICLE, artlint, need_corpus


@pytest.fixture
def corpus_copy(tmp_path):
    src = need_corpus()
    dst = tmp_path / "posts"
    shutil.copytree(src, dst)
    return dst


def _first_div(text: str) -> int:
    return text.index("<div>") + len("<div>")


def test_baseline_hides_old_findings_and_reports_new_ones(corpus_copy):
    root = corpus_copy.parent
    w = artlint("check", "posts", "--write-baseline", "artlint-baseline.json", "--no-cache", cwd=root)
    assert w.returncode == 0, w.stderr
    recorded = json.loads((root / "artlint-baseline.json").read_text(encoding="utf-8"))
    assert recorded["version"] == 1 and all(not k.startswith("/") for k in recorded["files"])
    assert "Wrote " in w.stderr

    p = artlint("check", "posts", "--baseline", "artlint-baseline.json", "--no-cache", cwd=root)
    assert p.returncode == 0 and p.stdout == "", p.stdout[:500]

    # An article with several findings: a paragraph on top shifts all of them down.
    target = max(corpus_copy.glob("sina-finance-*.md"), key=lambda f: f.read_text(encoding="utf-8").count("<!--"))
    text = target.read_text(encoding="utf-8")
    before = json.loads(artlint("check", str(target), "--format", "json", "--no-cache", cwd=root).stdout)
    assert len(before) >= 3
    at = _first_div(text)
    target.write_text(text[:at] + "\n<p>编者按：新增的一段。</p>\n<p>Another new line.</p>\n" + text[at:], encoding="utf-8")
    after = json.loads(artlint("check", str(target), "--format", "json", "--no-cache", cwd=root).stdout)
    body_findings = [d for d in before if d["line"] > 12]
    assert body_findings and {d["line"] for d in after} != {d["line"] for d in before}

    p = artlint("check", "posts", "--baseline", "artlint-baseline.json", "--no-cache", cwd=root)
    assert p.returncode == 0 and p.stdout == "", p.stdout

    # A newly added inline style is reported, even though the file already had identical ones.
    text = target.read_text(encoding="utf-8")
    at = _first_div(text)
    target.write_text(text[:at] + '\n<p style="color: red">新的</p>' + text[at:], encoding="utf-8")
    p = artlint("check", "posts", "--baseline", "artlint-baseline.json", "--no-cache", "--format", "json", cwd=root)
    assert p.returncode == 1
    new = json.loads(p.stdout)
    assert [(d["code"], d["path"].rsplit("/", 1)[-1]) for d in new] == [("HT001", target.name)]


def test_baseline_counts_duplicates(tmp_path):
    art = tmp_path / "a.md"
    art.write_text(BAD_ARTICLE, encoding="utf-8")
    artlint("check", "a.md", "--write-baseline", "b.json", cwd=tmp_path, check=True)
    # The same inline style again: the copy is new, the original is known.
    art.write_text(BAD_ARTICLE.replace("<p>Nothing else", '<p style="text-align: center">Nothing else'),
                   encoding="utf-8")
    p = artlint("check", "a.md", "--baseline", "b.json", "--format", "json", cwd=tmp_path)
    assert p.returncode == 1
    assert [(d["code"], d["line"]) for d in json.loads(p.stdout)] == [("HT001", 8)]


def test_bad_baseline_is_one_clear_error(tmp_path):
    (tmp_path / "a.md").write_text(BAD_ARTICLE, encoding="utf-8")
    (tmp_path / "b.json").write_text("{not json", encoding="utf-8")
    for name in ("b.json", "missing.json"):
        p = artlint("check", "a.md", "--baseline", name, cwd=tmp_path)
        assert p.returncode == 2 and p.stderr.count("\n") == 1 and name in p.stderr and "Traceback" not in p.stderr


def _git(cwd, *args):
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args], cwd=cwd,
                   check=True, capture_output=True)


def test_changed_since_limits_to_changed_and_untracked_files(tmp_path):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    posts = tmp_path / "posts"
    posts.mkdir()
    for name in ("old.md", "edited.md", "other.md"):
        (posts / name).write_text(BAD_ARTICLE, encoding="utf-8")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "start")
    (posts / "edited.md").write_text(BAD_ARTICLE + "<p>more</p>\n", encoding="utf-8")
    (posts / "new.md").write_text(BAD_ARTICLE, encoding="utf-8")
    (tmp_path / "outside.md").write_text(BAD_ARTICLE, encoding="utf-8")
    p = artlint("check", "posts", "--changed-since", "HEAD", "--format", "json", "--no-cache", cwd=tmp_path)
    assert p.returncode == 1, p.stderr
    assert sorted({d["path"] for d in json.loads(p.stdout)}) == ["posts/edited.md", "posts/new.md"]
    # From a subfolder too: git paths are taken from the repository's top.
    p = artlint("check", ".", "--changed-since", "HEAD", "--format", "json", "--no-cache", cwd=posts)
    assert sorted({d["path"] for d in json.loads(p.stdout)}) == ["edited.md", "new.md"]
    p = artlint("check", "posts", "--changed-since", "no-such-rev", "--no-cache", cwd=tmp_path)
    assert p.returncode == 2 and "--changed-since no-such-rev" in p.stderr and "Traceback" not in p.stderr
