"""Configuration: discovery, layering, selection, per-rule settings and validation errors."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from artlint.engine import Linter
from artlint.errors import ConfigError
from artlint.violation import Severity

from conftest import article, run_cli

ARTICLE = article('<p style="x">a</p><!-- c --><style>p{}</style><img src="">', date="'Wed, 29 Sep 2021 07:52:07 GMT'")


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def selected(tmp_path: Path, rel: str = "a.md", **kw) -> list[str]:
    return [s.rule.code for s in Linter(**kw).ruleset_for(tmp_path / rel).selected]


def found(tmp_path: Path, rel: str = "a.md", **kw) -> list[str]:
    return [v.code for v in Linter(**kw).lint_text(ARTICLE, str(tmp_path / rel))]


# -- discovery and layering ----------------------------------------------------------------------------

def test_defaults_without_any_config_are_the_recommended_preset(tmp_path):
    assert selected(tmp_path) == selected(tmp_path, select=["recommended"])
    assert set(selected(tmp_path)) >= {"FM001", "FM002", "HT001", "HT002", "HT003", "IMG001"}


def test_nearest_config_wins(tmp_path):
    write(tmp_path / "artlint.toml", 'select = ["HT001"]')
    write(tmp_path / "sub" / "pyproject.toml", '[tool.artlint]\nselect = ["HT003"]')
    assert selected(tmp_path, "a.md") == ["HT001"]
    assert selected(tmp_path, "sub/a.md") == ["HT003"]
    assert selected(tmp_path, "sub/deeper/a.md") == ["HT003"]


def test_pyproject_without_an_artlint_table_is_passed_over(tmp_path):
    write(tmp_path / "artlint.toml", 'select = ["HT001"]')
    write(tmp_path / "sub" / "pyproject.toml", '[project]\nname = "x"')
    assert selected(tmp_path, "sub/a.md") == ["HT001"]


def test_artlint_toml_beats_pyproject_in_the_same_folder(tmp_path):
    write(tmp_path / "artlint.toml", 'select = ["HT001"]')
    write(tmp_path / "pyproject.toml", '[tool.artlint]\nselect = ["HT003"]')
    assert selected(tmp_path) == ["HT001"]


def test_extend_layers_on_another_file(tmp_path):
    write(tmp_path / "base.toml", """
        select = ["HT001", "HT003"]
        [rules.html-comment]
        keep = ["more", "toc"]
        severity = "warning"
    """)
    write(tmp_path / "site" / "artlint.toml", """
        extend = "../base.toml"
        extend-select = ["style-element"]
        [rules.html-comment]
        severity = "info"
    """)
    rs = Linter().ruleset_for(tmp_path / "site" / "a.md")
    by_code = {s.rule.code: s for s in rs.selected}
    assert list(by_code) == ["HT001", "HT002", "HT003"]
    assert by_code["HT003"].severity is Severity.INFO
    assert by_code["HT003"].options["keep"] == ["more", "toc"]


def test_extend_cycle_is_an_error(tmp_path):
    write(tmp_path / "a.toml", 'extend = "b.toml"')
    write(tmp_path / "artlint.toml", 'extend = "a.toml"')
    write(tmp_path / "b.toml", 'extend = "a.toml"')
    with pytest.raises(ConfigError, match="cycle"):
        Linter().ruleset_for(tmp_path / "x.md")


def test_explicit_config_and_isolated(tmp_path):
    write(tmp_path / "artlint.toml", 'select = ["HT001"]')
    other = write(tmp_path / "elsewhere.toml", 'select = ["IMG001"]')
    assert selected(tmp_path, config=other) == ["IMG001"]
    assert "FM001" in selected(tmp_path, isolated=True)


# -- selection -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("select, expected", [
    (["HT001"], ["HT001"]),
    (["inline-style"], ["HT001"]),
    (["html-comment", "FM002"], ["FM002", "HT003"]),
    (["cleanup"], ["HT001", "HT002", "HT003"]),
    (["front-matter"], ["FM001", "FM002"]),
    (["HT"], ["HT001", "HT002", "HT003"]),
    (["recommended"], ["FM001", "FM002", "HT001", "HT002", "HT003", "IMG001"]),
])
def test_select_by_code_name_group_prefix_and_preset(tmp_path, select, expected):
    got = selected(tmp_path, isolated=True, select=select)
    # Rules that others add to a group or preset later may appear too; the named ones must be there.
    assert set(expected) <= set(got)
    if select[0] not in ("cleanup", "front-matter", "HT", "recommended"):
        assert got == expected


def test_all_selects_every_rule(tmp_path):
    lint = Linter(isolated=True, select=["ALL"])
    assert [s.rule.code for s in lint.ruleset_for(tmp_path / "a.md").selected] == list(lint.plugins.rules)


def test_ignore_and_extend_select(tmp_path):
    write(tmp_path / "artlint.toml", """
        select = ["HT"]
        ignore = ["inline-style"]
        extend-select = ["FM001"]
    """)
    got = selected(tmp_path)
    assert "HT001" not in got and {"HT002", "HT003", "FM001"} <= set(got)
    assert selected(tmp_path, ignore=["HT"]) == ["FM001"]


def test_per_rule_severity_changes_findings_and_exit_code(tmp_path):
    write(tmp_path / "artlint.toml", """
        select = ["inline-style"]
        [rules.HT001]
        severity = "warning"
    """)
    (tmp_path / "a.md").write_text(ARTICLE, encoding="utf-8")
    (v,) = Linter().lint_text(ARTICLE, str(tmp_path / "a.md"))
    assert v.severity is Severity.WARNING
    proc = run_cli("check", "a.md", cwd=tmp_path)
    assert proc.returncode == 0 and "HT001" in proc.stdout and "(warning)" in proc.stdout


def test_per_rule_options_reach_the_rule(tmp_path):
    write(tmp_path / "artlint.toml", """
        select = ["required-metadata"]
        [rules.required-metadata]
        keys = ["title", "author"]
    """)
    (v,) = Linter().lint_text(ARTICLE, str(tmp_path / "a.md"))
    assert v.code == "FM001" and "'author'" in v.message


def test_options_of_unselected_rules_are_validated_too(tmp_path):
    write(tmp_path / "artlint.toml", """
        select = ["inline-style"]
        [rules.required-metadata]
        keys = "title"
    """)
    with pytest.raises(ConfigError, match="rules.required-metadata.keys"):
        Linter().ruleset_for(tmp_path / "a.md")


def test_per_file_ignores_from_a_config_file(tmp_path):
    write(tmp_path / "artlint.toml", """
        select = ["HT001", "HT003"]
        [per-file-ignores]
        "drafts/*.md" = ["inline-style"]
        "legacy/**" = ["HT"]
    """)
    assert found(tmp_path, "drafts/a.md") == ["HT003"]
    assert found(tmp_path, "legacy/x/a.md") == []
    assert found(tmp_path, "posts/a.md") == ["HT001", "HT003"]


# -- errors: one line naming the file and the key, exit 2 ------------------------------------------------

@pytest.mark.parametrize("toml, words", [
    ('selec = ["HT001"]', "unknown key 'selec' (did you mean 'select'?)"),
    ('select = "HT001"', "'select' must be a list"),
    ('select = ["no-such-rule"]', "'select' names unknown rule, group or preset 'no-such-rule'"),
    ('ignore = ["XYZ9"]', "'ignore' names unknown rule"),
    ("[rules.inline-styl]", "'rules.inline-styl' names an unknown rule"),
    ('[rules.required-metadata]\nkeys = "title"', "'rules.required-metadata.keys'"),
    ('[rules.required-metadata]\nkey = ["title"]', "'rules.required-metadata'"),
    ('[rules.html-comment]\nseverity = "loud"', "'rules.html-comment.severity' must be error, warning or info"),
    ("fix-passes = 0", "'fix-passes' must be an integer"),
    ("select = [", "invalid TOML"),
])
@pytest.mark.parametrize("filename", ["artlint.toml", "pyproject.toml"])
def test_config_errors_are_one_line_naming_file_and_key(tmp_path, toml, words, filename):
    if filename == "pyproject.toml":
        toml = "[tool.artlint]\n" + toml.replace("[rules.", "[tool.artlint.rules.")
    cfg = write(tmp_path / filename, toml + "\n")
    (tmp_path / "a.md").write_text(ARTICLE, encoding="utf-8")
    proc = run_cli("check", "a.md", cwd=tmp_path)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert str(cfg) in lines[0] and words in lines[0]
    assert "Traceback" not in proc.stderr
