"""Every rule documents itself in the fixed sections, and its examples behave as documented:
the ``Example`` block makes the rule fire, the ``Use instead`` block does not."""

from __future__ import annotations

import pytest

from artlint.engine import Linter
from artlint.plugins import load
from artlint.rule import SECTIONS, code_blocks

_PLUGINS = load(entry_points_enabled=False)
RULES = sorted(_PLUGINS.rules.values(), key=lambda r: r.code)


def _lint(rule, text: str) -> list[str]:
    linter = Linter(select=[rule.code], isolated=True, plugins=_PLUGINS)
    return [v.code for v in linter.lint_text(text, "example.md")]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_sections(rule) -> None:
    sections = rule.doc_sections()
    missing = [s for s in SECTIONS if s not in sections]
    assert not missing, f"{rule.code}: docstring lacks sections {missing}"
    assert sections["summary"], f"{rule.code}: no summary line"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_example_fires(rule) -> None:
    blocks = list(code_blocks(rule.doc_sections().get("Example", "")))
    assert blocks, f"{rule.code}: no fenced Example block"
    for block in blocks:
        assert rule.code in _lint(rule, block), f"{rule.code}: Example does not fire"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_use_instead_is_clean(rule) -> None:
    blocks = list(code_blocks(rule.doc_sections().get("Use instead", "")))
    assert blocks, f"{rule.code}: no fenced Use-instead block"
    for block in blocks:
        assert rule.code not in _lint(rule, block), f"{rule.code}: Use-instead block fires"
