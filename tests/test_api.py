"""The programmatic API: ``lint``, ``fix`` and one ``Linter`` shared by many threads."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import artlint
from artlint import Config, FixResult, Linter, Violation

from ci_helpers import BAD_ARTICLE, CORPUS, need_corpus


def test_lint_and_fix_text_and_path(tmp_path):
    found = artlint.lint(BAD_ARTICLE)
    assert {v.code for v in found} >= {"HT001", "HT003"}
    assert all(isinstance(v, Violation) and v.path == "-" for v in found)

    p = tmp_path / "a.md"
    p.write_text(BAD_ARTICLE, encoding="utf-8")
    assert [v.to_dict() | {"path": "-"} for v in artlint.lint(p)] == [v.to_dict() for v in found]

    res = artlint.fix(BAD_ARTICLE)
    assert isinstance(res, FixResult)
    assert 'style="' not in res.text and {v.code for v in res.applied} >= {"HT001", "HT003"}
    assert artlint.lint(res.text) == res.remaining
    assert p.read_text(encoding="utf-8") == BAD_ARTICLE  # fix() never writes

    only = artlint.lint(BAD_ARTICLE, select=["HT001"])
    assert [v.code for v in only] == ["HT001"]
    cfg = Config(values={"select": ["html-comment"]})
    assert [v.code for v in artlint.lint(BAD_ARTICLE, config=cfg)] == ["HT003"]


def _inputs() -> list[tuple[str, str]]:
    files = sorted(need_corpus().glob("*.md"))
    md = CORPUS / "markdown"
    if md.is_dir():
        files += sorted(md.glob("*.md"))
    return [(str(f), f.read_text(encoding="utf-8-sig", errors="replace")) for f in files]


def _both(linter: Linter, item: tuple[str, str]) -> tuple[list[dict], str, list[dict]]:
    name, text = item
    found = [v.to_dict() for v in linter.lint_text(text, name)]
    fixed = linter.fix_text(text, name)
    return found, fixed.text, [v.to_dict() for v in fixed.applied]


def test_one_linter_many_threads_same_results():
    items = _inputs()
    linter = Linter()
    sequential = [_both(linter, it) for it in items]
    # A fresh linter, so the threads also race on its lazily filled caches.
    shared = Linter()
    with ThreadPoolExecutor(max_workers=8) as pool:
        threaded = list(pool.map(lambda it: _both(shared, it), items))
    assert len(threaded) == len(sequential)
    for (name, _), a, b in zip(items, sequential, threaded):
        assert a == b, Path(name).name
    assert sum(len(a[0]) for a in sequential) > 100
