"""Every built-in rule, including ones added later, is named, registered, documented and covered alike.

The rule list comes from ``BUILTIN_RULES`` and from the files in ``src/artlint/rules/``, so a new rule
is checked here without touching this file.
"""

from __future__ import annotations

import importlib
import json
import re
from pathlib import Path

import pytest

from artlint.engine import Linter
from artlint.plugins import BUILTIN_RULES
from artlint.rule import SECTIONS

REPO = Path(__file__).resolve().parents[1]
RULES_DIR = REPO / "src" / "artlint" / "rules"
FIXTURES = REPO / "fixtures" / "rules"
_FENCE = re.compile(r"^```[^\S\n]*\w*((?:[^\S\n]+\w+)*)(?:[^\S\n]+options=(\{.*\}))?[^\S\n]*\n(.*?)^```",
                    re.S | re.M)
_ESCAPE = re.compile(r"\\(?:x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|([rnt]))")
WRAPPER = "---\ntitle: Example\ndate: 2021-09-29T07:52:07+00:00\n---\n"


def _rules():
    out = []
    for modname in BUILTIN_RULES:
        mod = importlib.import_module(modname)
        for rule in mod.artlint_rules():
            out.append((modname, rule))
    return out


RULES = _rules()
IDS = [r.code for _, r in RULES]


def _article(block: str) -> str:
    """A docs block as an article: whole articles as they are, a bare body under minimal front-matter."""
    return block if block.lstrip("\ufeff \t\r\n").startswith(("---", "+++", "{")) else WRAPPER + block


def _unescape(m: re.Match) -> str:
    code = m.group(1) or m.group(2)
    return chr(int(code, 16)) if code else {"r": "\r", "n": "\n", "t": "\t"}[m.group(3)]


def _blocks(section: str):
    """(options, text) of each fenced block; the info string may carry the options the block is shown
    with, as in ```html options={"max-bytes": 256}, and the word ``escapes`` when the block spells
    characters a docstring cannot hold (``\\r\\n``, ``\\x08``)."""
    for m in _FENCE.finditer(section):
        block = m.group(3)
        if "escapes" in m.group(1).split():
            block = _ESCAPE.sub(_unescape, block)
        yield (json.loads(m.group(2)) if m.group(2) else {}), block


def _findings(rule, block: str, options: dict, folder: Path) -> list[str]:
    cfg = folder / "artlint.toml"
    cfg.write_text(f"select = [{rule.code!r}]\n[rules.{rule.code}]\n"
                   + "".join(f"{json.dumps(k)} = {json.dumps(v)}\n" for k, v in options.items()), encoding="utf-8")
    # A rule that looks at the site's files gets an empty static folder: the example must fire there.
    extra = {"static_dir": str(folder)} if "static_files" in rule.needs else {}
    linter = Linter(cfg, **extra)
    context = None
    if "online" in rule.needs:
        # What the engine would have learnt over HTTP about the example's URLs.
        from online_examples import docs_verdicts

        context = {"online": docs_verdicts()}
    return [v.code for v in linter.lint_text(_article(block), str(folder / f"example-{rule.code}.md"),
                                             context=context)]


def test_every_rule_module_is_registered():
    modules = {f"artlint.rules.{p.stem}" for p in RULES_DIR.glob("*.py") if not p.name.startswith("_")}
    assert modules == set(BUILTIN_RULES), "add each rule module to BUILTIN_RULES in plugins.py"
    assert len(set(BUILTIN_RULES)) == len(BUILTIN_RULES)


def test_codes_and_names_are_unique():
    codes = [r.code for _, r in RULES]
    names = [r.name for _, r in RULES]
    assert len(set(codes)) == len(codes) and len(set(names)) == len(names)


@pytest.mark.parametrize("modname, rule", RULES, ids=IDS)
def test_module_is_named_after_code_and_name(modname, rule):
    assert re.fullmatch(r"[A-Z]{2,4}\d{3}", rule.code), rule.code
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", rule.name), rule.name
    assert modname.rsplit(".", 1)[1] == f"{rule.code.lower()}_{rule.name.replace('-', '_')}"


@pytest.mark.parametrize("modname, rule", RULES, ids=IDS)
def test_docstring_has_the_six_sections_in_order(modname, rule):
    found = re.findall(r"^##\s+(.*?)\s*$", rule.doc, re.M)
    assert found == list(SECTIONS)
    sections = rule.doc_sections()
    assert sections["summary"], "the first line is the summary"
    for name in SECTIONS:
        assert sections[name].strip(), f"section '{name}' is empty"


@pytest.mark.parametrize("modname, rule", RULES, ids=IDS)
def test_example_fires_and_use_instead_does_not(modname, rule, tmp_path):
    sections = rule.doc_sections()
    examples = list(_blocks(sections["Example"]))
    instead = list(_blocks(sections["Use instead"]))
    assert examples and instead, "Example and Use instead each need a fenced block"
    for options, block in examples:
        assert rule.code in _findings(rule, block, options, tmp_path), \
            f"the Example does not make {rule.code} fire:\n{block}"
    for options, block in instead:
        assert rule.code not in _findings(rule, block, options, tmp_path), \
            f"the Use instead block makes {rule.code} fire:\n{block}"


@pytest.mark.parametrize("modname, rule", RULES, ids=IDS)
def test_options_are_documented(modname, rule):
    text = rule.doc_sections()["Options"]
    props = rule.options_schema.get("properties", {})
    for name in props:
        assert re.search(rf"`{re.escape(name)}`", text), f"option '{name}' is not in the Options section"
    if not props:
        assert re.match(r"(?i)none\b", text.strip()), "start the Options section with 'None' when there are none"


@pytest.mark.parametrize("modname, rule", RULES, ids=IDS)
def test_rule_has_golden_fixtures(modname, rule):
    folder = FIXTURES / rule.code
    assert folder.is_dir(), f"add fixtures/rules/{rule.code}/ with pass_*.md and fail_*.md cases"
    assert list(folder.glob("pass_*.md")), "no pass_*.md case"
    fails = [p for p in folder.glob("fail_*.md") if not p.name.endswith(".fixed.md")]
    assert fails, "no fail_*.md case"
    for p in fails:
        assert p.with_suffix(".json").is_file(), f"{p.name} has no .json with its expected findings"


@pytest.mark.parametrize("modname, rule", RULES, ids=IDS)
def test_declared_fix_matches_behaviour_in_the_docs(modname, rule):
    assert rule.fix in (None, "safe", "unsafe", "both")
    safety = rule.doc_sections()["Fix safety"].lower()
    if rule.fix is None:
        assert "no fix" in safety or "report only" in safety, "a rule without a fix says so under Fix safety"


def test_fixture_folders_belong_to_rules():
    codes = {r.code for _, r in RULES}
    stray = {p.name for p in FIXTURES.iterdir() if p.is_dir()} - codes
    assert not stray, f"fixture folders for unknown rules: {stray}"
