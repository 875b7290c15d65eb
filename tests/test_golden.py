"""Golden tests from ``fixtures/rules/<CODE>/``: each rule alone, on its pass and fail cases.

- ``pass_*.md``: no finding.
- ``fail_*.md`` + ``fail_*.json``: exactly the findings listed (code, line, column, and message when given).
- ``fail_*.fixed.md``: the text after ``fix`` (safe fixes only); fixing that again changes nothing.
  Report-only rules may leave it out: fixing must then change nothing.

``python tests/golden_diff.py CODE`` prints how the golden files differ from what the rules produce now.

Config is discovered as for any file, so a case folder may carry an ``artlint.toml`` (e.g. a
``static-dir`` next to the cases). A folder of a rule that needs the network carries ``online.json``
instead: URL → verdict fields (``state``, ``status``, ``content_type``, ``redirects``, …), what the
engine would have learnt over HTTP; the cases are checked with those verdicts and no network.
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


def _context(path: Path) -> dict | None:
    from online_examples import fixture_context

    return fixture_context(path.parent)


def _text(path: Path) -> tuple[str, bool]:
    a = Article.from_bytes(path.read_bytes(), str(path))
    return a.text, a.bom


@pytest.mark.parametrize("path", _cases("pass_*.md"), ids=_id)
def test_pass(path: Path) -> None:
    text, bom = _text(path)
    found = _linter(path).lint_text(text, str(path), bom=bom, context=_context(path))
    assert [(v.code, v.span.line, v.span.column, v.message) for v in found] == []


@pytest.mark.parametrize("path", _cases("fail_*.md"), ids=_id)
def test_fail(path: Path) -> None:
    expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    text, bom = _text(path)
    found = _linter(path).lint_text(text, str(path), bom=bom, context=_context(path))
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
    text, bom = _text(path)
    linter = _linter(path)
    rule = linter.plugins.rule(path.parent.name)
    # A report-only rule may leave out fixed.md: then fixing must not change a byte.
    assert fixed_path.is_file() or (rule is not None and not rule.fix), f"missing {fixed_path.name}"
    result = linter.fix_text(text, str(path), bom=bom, context=_context(path))
    assert result.text == (_text(fixed_path)[0] if fixed_path.is_file() else text)
    again = linter.fix_text(result.text, str(path), bom=bom, context=_context(path))
    assert again.text == result.text


FIX_CASES = FIXTURES.parent / "fix"


@pytest.mark.parametrize("case", sorted(p for p in FIX_CASES.iterdir() if p.is_dir()), ids=lambda p: p.name)
def test_fix_case_with_default_rules(case: Path, tmp_path: Path) -> None:
    """``fixtures/fix/<case>/before.md`` fixed on disk with the default rules is ``after.md``, byte for
    byte (BOM and line endings included), and a second fix does not touch the file."""
    target = tmp_path / "before.md"
    target.write_bytes((case / "before.md").read_bytes())
    linter = Linter()
    first = linter.check_file(target, fix=True)
    assert first.error is None
    assert target.read_bytes() == (case / "after.md").read_bytes()
    mtime = target.stat().st_mtime_ns
    second = linter.check_file(target, fix=True)
    assert not second.written and second.fixed == []
    assert target.stat().st_mtime_ns == mtime
