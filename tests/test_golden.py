"""Golden tests from ``fixtures/rules/<CODE>/``: each rule alone, on its pass and fail cases.

- ``pass_*.md``: no finding.
- ``fail_*.md`` + ``fail_*.json``: exactly the findings listed (code, line, column, and message when given).
- ``fail_*.fixed.md``: the text after ``fix`` (safe fixes only); fixing that again changes nothing.

Config is discovered as for any file, so a case folder may carry an ``artlint.toml`` (e.g. a
``static-dir`` next to the cases).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from artlint.article import Article
from artlint.engine import Linter

FIXTURES = Path(__file__).parents[1] / "fixtures" / "rules"


def _cases(pattern: str) -> list[Path]:
    return sorted(p for p in FIXTURES.glob(f"*/{pattern}") if not p.name.endswith(".fixed.md"))


def _id(p: Path) -> str:
    return f"{p.parent.name}/{p.name}"


def _linter(path: Path) -> Linter:
    return Linter(select=[path.parent.name])


def _text(path: Path) -> tuple[str, bool]:
    a = Article.from_bytes(path.read_bytes(), str(path))
    return a.text, a.bom


@pytest.mark.parametrize("path", _cases("pass_*.md"), ids=_id)
def test_pass(path: Path) -> None:
    text, bom = _text(path)
    found = _linter(path).lint_text(text, str(path), bom=bom)
    assert [(v.code, v.span.line, v.span.column, v.message) for v in found] == []


@pytest.mark.parametrize("path", _cases("fail_*.md"), ids=_id)
def test_fail(path: Path) -> None:
    expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    text, bom = _text(path)
    found = _linter(path).lint_text(text, str(path), bom=bom)
    got = []
    for v, want in zip(found, expected + [{}] * len(found)):
        item = {"code": v.code, "line": v.span.line, "column": v.span.column}
        if "message" in want:
            item["message"] = v.message
        got.append(item)
    assert got == expected
    assert any(v.code == path.parent.name for v in found)


@pytest.mark.parametrize("path", _cases("fail_*.md"), ids=_id)
def test_fixed(path: Path) -> None:
    fixed_path = path.with_name(path.stem + ".fixed.md")
    assert fixed_path.is_file(), f"missing {fixed_path.name}"
    text, bom = _text(path)
    linter = _linter(path)
    result = linter.fix_text(text, str(path), bom=bom)
    assert result.text == _text(fixed_path)[0]
    again = linter.fix_text(result.text, str(path), bom=bom)
    assert again.text == result.text
