"""Every rule documents itself in the fixed sections, and its examples behave as documented:
the ``Example`` blocks make the rule fire, the ``Use instead`` blocks do not.

A fence may carry options for the rule as JSON after the language (```` ```html options={"max-bytes": 256} ````).
"""

from __future__ import annotations

import json
import re

import pytest

from artlint.engine import Linter
from artlint.plugins import load
from artlint.rule import SECTIONS

_PLUGINS = load(entry_points_enabled=False)
RULES = sorted(_PLUGINS.rules.values(), key=lambda r: r.code)
_FENCE = re.compile(r"^```[^\n]*?(?:options=(\{.*?\}))?[ \t]*\n(.*?)^```", re.S | re.M)


def _blocks(section: str) -> list[tuple[dict, str]]:
    return [(json.loads(m.group(1)) if m.group(1) else {}, m.group(2)) for m in _FENCE.finditer(section)]


def _lint(rule, options: dict, text: str, folder) -> list[str]:
    cfg = folder / "artlint.toml"
    cfg.write_text(f"select = [{rule.code!r}]\n[rules.{rule.code}]\n"
                   + "".join(f"{k} = {json.dumps(v)}\n" for k, v in options.items()), encoding="utf-8")
    # A rule that needs a file listing gets an empty static folder: its examples are written for one.
    extra = {"static_dir": str(folder)} if "static_files" in rule.needs else {}
    linter = Linter(cfg, plugins=_PLUGINS, **extra)
    context = None
    if "online" in rule.needs:
        # What the engine would have learnt over HTTP about the example's URLs.
        from online_examples import docs_verdicts

        context = {"online": docs_verdicts()}
    return [v.code for v in linter.lint_text(text, str(folder / "example.md"), context=context)]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_sections(rule) -> None:
    sections = rule.doc_sections()
    missing = [s for s in SECTIONS if s not in sections]
    assert not missing, f"{rule.code}: docstring lacks sections {missing}"
    assert sections["summary"], f"{rule.code}: no summary line"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_example_fires(rule, tmp_path) -> None:
    blocks = _blocks(rule.doc_sections().get("Example", ""))
    assert blocks, f"{rule.code}: no fenced Example block"
    for options, block in blocks:
        assert rule.code in _lint(rule, options, block, tmp_path), f"{rule.code}: Example does not fire"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_use_instead_is_clean(rule, tmp_path) -> None:
    blocks = _blocks(rule.doc_sections().get("Use instead", ""))
    assert blocks, f"{rule.code}: no fenced Use-instead block"
    for options, block in blocks:
        assert rule.code not in _lint(rule, options, block, tmp_path), f"{rule.code}: Use-instead block fires"
