"""The whole catalogue on a copy of the scraped corpus: ``artlint fix`` then ``artlint check``.

- no finding that has a safe fix is left;
- a second ``fix`` changes nothing;
- every part of the article's text runs that no rule's fix touches is still in the file, byte for byte;
- no ``<style>`` element, ``style=`` attribute or template comment is left.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from artlint.article import Article
from artlint.engine import Linter
from ci_helpers import ARTICLES, need_corpus

_TEXTY = re.compile(r"[\w\u3400-\u9fff]")


def _cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "artlint", *args], capture_output=True, env=env)


@pytest.fixture(scope="module")
def fixed(tmp_path_factory) -> Path:
    need_corpus()
    dest = tmp_path_factory.mktemp("corpus") / "articles"
    shutil.copytree(ARTICLES, dest)
    proc = _cli("fix", "--isolated", "-q", str(dest))
    assert proc.returncode in (0, 1), proc.stderr.decode()
    return dest


def test_no_safe_fix_left(fixed: Path) -> None:
    proc = _cli("check", "--isolated", "-q", "--output-format", "json", str(fixed))
    assert proc.returncode in (0, 1), proc.stderr.decode()
    found = json.loads(proc.stdout)
    left = [f"{Path(v['path']).name}:{v['line']}: {v['code']} {v['message']}" for v in found
            if v.get("fix") and v["fix"]["applicability"] == "safe"]
    assert left == []


def test_second_fix_changes_nothing(fixed: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    shutil.copytree(fixed, again)
    proc = _cli("fix", "--isolated", "-q", str(again))
    assert proc.returncode in (0, 1), proc.stderr.decode()
    changed = [p.name for p in sorted(again.iterdir()) if p.read_bytes() != (fixed / p.name).read_bytes()]
    assert changed == []


def test_untouched_text_survives(fixed: Path) -> None:
    linter = Linter(isolated=True)
    lost = []
    for src in sorted(ARTICLES.glob("*.md")):
        article = Article.from_bytes(src.read_bytes(), str(src))
        found = linter.lint_text(article.text, str(src))
        edits = sorted((e.start, e.end) for v in found if v.fix for e in v.fix.edits)
        after = (fixed / src.name).read_text(encoding="utf-8")
        for t in article.html.texts:
            for s, e in _outside(t.start, t.end, edits):
                raw = article.text[s:e].strip()
                if _TEXTY.search(raw) and raw not in after:
                    lost.append(f"{src.name}:{article.position(s)[0]}: {raw[:60]!r}")
    assert lost == []


def _outside(start: int, end: int, edits: list[tuple[int, int]]):
    """The parts of ``start..end`` that no edit covers (an insertion splits the run where it lands)."""
    pos = start
    for s, e in edits:
        if e < pos or s > end:
            continue
        if s > pos:
            yield pos, s
        pos = max(pos, e)
    if pos < end:
        yield pos, end


def test_no_style_or_template_comment_left(fixed: Path) -> None:
    left = []
    for p in sorted(fixed.glob("*.md")):
        a = Article.from_bytes(p.read_bytes(), str(p))
        for el in a.html.elements:
            if el.tag == "style" or el.attr("style") is not None:
                left.append(f"{p.name}:{a.position(el.start)[0]}: <{el.tag}> style")
        for c in a.html.comments:
            if a.text.startswith("<!--", c.start) and c.data.strip() != "more":
                left.append(f"{p.name}:{a.position(c.start)[0]}: comment {c.data.strip()[:30]!r}")
    assert left == []
