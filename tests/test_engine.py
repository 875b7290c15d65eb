"""The engine: suppressions, the fix loop, crash isolation, and file handling."""

from __future__ import annotations

import os

import pytest

from artlint import plugins as _plugins
from artlint.config import Config
from artlint.edits import Edit, Fix, replace
from artlint.engine import Linter
from artlint.rule import Rule

from conftest import article


class Doubled(Rule):
    """Test rule: "aa" anywhere in the body is a finding; the fix removes one "a" per pass."""

    code = "TST001"
    name = "doubled-a"
    fix = "safe"

    def check(self, art, options):
        i = art.text.find("aa", art.body_start)
        if i >= 0:
            yield self.violation(art, i, i + 2, "doubled a", replace(i, i + 2, "a", "undouble"))


class Restless(Rule):
    """Test rule that never settles: every pass it wants one more "!" at the end."""

    code = "TST002"
    name = "restless"
    fix = "safe"

    def check(self, art, options):
        end = len(art.text)
        yield self.violation(art, end, end, "wants more", Fix([Edit(end, end, "!")]))


class Crashing(Rule):
    code = "TST003"
    name = "crashing"
    tags = ("p",)

    def check_element(self, el, art, options):
        raise ZeroDivisionError("boom")


class Unsafe(Rule):
    code = "TST004"
    name = "unsafe-upper"
    fix = "unsafe"
    tags = ("b",)

    def check_element(self, el, art, options):
        s, e = el.content_start, el.content_end
        if art.text[s:e] != art.text[s:e].upper():
            yield self.violation(art, s, e, "lower", replace(s, e, art.text[s:e].upper(), "upper", "unsafe"))


@pytest.fixture(scope="module")
def plugins():
    p = _plugins.load(entry_points_enabled=False)
    for cls in (Doubled, Restless, Crashing, Unsafe):
        p.rules[cls.code] = cls()
    return p


def linter(plugins, *select, **kw):
    return Linter(isolated=True, select=list(select), plugins=plugins, **kw)


def codes(found):
    return [v.code for v in found]


# -- suppressions ------------------------------------------------------------------------------------

STYLED = '<p style="a">1</p>\n'


@pytest.mark.parametrize("ref", ["HT001", "inline-style", "ht001"])
def test_disable_and_enable_by_code_or_name(plugins, ref):
    body = STYLED + f"<!-- artlint-disable {ref} -->\n" + STYLED + STYLED + f"<!-- artlint-enable {ref} -->\n" + STYLED
    found = linter(plugins, "HT001").lint_text(article(body))
    assert [v.line for v in found] == [5, 10]


def test_disable_without_codes_silences_every_rule_until_enable(plugins):
    body = "<!-- artlint-disable -->\n" + STYLED + "<!-- c -->\n<!-- artlint-enable -->\n" + STYLED
    found = linter(plugins, "HT001", "HT003").lint_text(article(body))
    assert [(v.code, v.line) for v in found] == [("HT001", 9)]


def test_disable_only_the_named_rule(plugins):
    body = "<!-- artlint-disable html-comment -->\n<p style='x'><!-- c --></p>\n"
    found = linter(plugins, "HT001", "HT003").lint_text(article(body))
    assert codes(found) == ["HT001"]


def test_disable_next_covers_only_the_next_element(plugins):
    body = "<!-- artlint-disable-next inline-style -->\n" + '<div style="a"><p style="b">x</p></div>\n' + STYLED
    found = linter(plugins, "HT001").lint_text(article(body))
    assert [v.line for v in found] == [7]


def test_directives_themselves_are_not_reported_as_comments(plugins):
    body = "<!-- artlint-disable-next HT001 -->\n" + STYLED
    assert linter(plugins, "HT003", "HT001").lint_text(article(body)) == []


def test_front_matter_ignore_list_by_code_and_name(plugins):
    text = article(STYLED + "<!-- c -->\n", artlint="{ignore: [inline-style, HT003]}")
    assert linter(plugins, "HT001", "HT003", "FM001").lint_text(text) == []
    text = article(STYLED, artlint="{ignore: HT001}")
    assert linter(plugins, "HT001").lint_text(text) == []


def test_per_file_ignores_by_glob(plugins, tmp_path):
    cfg = Config(source=str(tmp_path / "artlint.toml"), root=tmp_path,
                 values={"select": ["HT001", "HT003"],
                         "per-file-ignores": {str(tmp_path / "drafts" / "*.md"): ["inline-style"]}})
    lint = Linter(cfg, plugins=plugins)
    text = article(STYLED + "<!-- c -->")
    assert codes(lint.lint_text(text, str(tmp_path / "drafts" / "a.md"))) == ["HT003"]
    assert codes(lint.lint_text(text, str(tmp_path / "posts" / "a.md"))) == ["HT001", "HT003"]


# -- fix loop ------------------------------------------------------------------------------------------

def test_fix_loop_reruns_until_stable(plugins):
    res = linter(plugins, "TST001").fix_text(article("<p>aaaa</p>"))
    assert res.text == article("<p>a</p>")
    assert res.converged and len(res.applied) == 3 and res.remaining == []
    assert res.passes == 4  # three passes that changed something, one that confirmed it is stable


def test_fix_loop_reports_non_convergence(plugins, tmp_path):
    lint = linter(plugins, "TST002", **{"fix-passes": 3})
    res = lint.fix_text(article())
    assert not res.converged and res.passes == 3
    assert res.text == article() + "!!!"
    path = tmp_path / "a.md"
    path.write_text(article())
    out = lint.check_file(path, fix=True)
    assert "ART001" in codes(out.violations)
    assert path.read_text() == article() + "!!!"


def test_unsafe_fixes_only_when_asked(plugins):
    text = article("<b>loud</b>")
    assert linter(plugins, "TST004").fix_text(text).text == text
    assert linter(plugins, "TST004").fix_text(text, unsafe=True).text == article("<b>LOUD</b>")
    assert linter(plugins, "TST004", unsafe_fixes=True).fix_text(text).text == article("<b>LOUD</b>")


def test_a_crashing_rule_is_reported_and_others_still_run(plugins):
    found = linter(plugins, "TST003", "HT001").lint_text(article(STYLED))
    assert codes(found) == ["ART002", "HT001"]
    crash = found[0]
    assert "TST003" in crash.message and "ZeroDivisionError: boom" in crash.message


def test_overlapping_fixes_settle_over_passes():
    # A <style> with a style attribute: removing the element and the attribute overlap; both findings go.
    lint = Linter(isolated=True, select=["HT001", "HT002"])
    res = lint.fix_text(article('<style style="x">p{}</style><p>k</p>'))
    assert res.text == article("<p>k</p>") and res.converged


# -- files ---------------------------------------------------------------------------------------------

def test_file_without_fixable_findings_is_not_rewritten(tmp_path):
    path = tmp_path / "a.md"
    path.write_text(article("<p>clean</p>"))
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    res = Linter(isolated=True).check_file(path, fix=True)
    assert not res.written and res.error is None
    assert path.stat().st_mtime_ns == 1_000_000_000


def test_fix_writes_atomically_and_keeps_the_mode(tmp_path):
    path = tmp_path / "a.md"
    path.write_text(article(STYLED))
    path.chmod(0o640)
    res = Linter(isolated=True).check_file(path, fix=True)
    assert res.written and path.read_text() == article("<p>1</p>\n")
    assert path.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]  # no temp file left behind


def test_bad_input_is_a_file_error_not_an_exception(tmp_path):
    path = tmp_path / "bad.md"
    path.write_bytes(b"\n---\ntitle: [x\n---\n")
    res = Linter(isolated=True).check_file(path, fix=True)
    assert res.failed and res.error.startswith(f"{path}: YAML front-matter error")
    assert path.read_bytes() == b"\n---\ntitle: [x\n---\n"


def test_diff_mode_returns_a_diff_and_writes_nothing(tmp_path):
    path = tmp_path / "a.md"
    path.write_text(article(STYLED))
    res = Linter(isolated=True).check_file(path, diff=True)
    assert '-<p style="a">1</p>' in res.diff and "+<p>1</p>" in res.diff
    assert path.read_text() == article(STYLED)


def test_public_surface_is_small_sorted_and_importable():
    import artlint

    assert artlint.__all__ == sorted(artlint.__all__)
    assert all(hasattr(artlint, name) for name in artlint.__all__)


def test_fix_passes_reread_a_front_matter_that_a_fix_changed():
    # Pass 1 rewrites the date (front-matter) and removes a comment (body); pass 2 must see the new
    # front-matter, while a pass whose fixes stay in the body may reuse the parsed one.
    linter = Linter(Config(values={"select": ["FM002", "HT003"]}))
    text = "---\ntitle: 标题\ndate: 2024/01/02\n---\n<p>正文<!-- a --></p>\n"
    result = linter.fix_text(text, "a.md")
    assert result.text == "---\ntitle: 标题\ndate: 2024-01-02\n---\n<p>正文</p>\n"
    assert result.converged and not result.remaining


def test_an_earlier_version_lends_its_front_matter_only_when_nothing_before_the_body_changed():
    from artlint.article import Article

    first = Article("---\ntitle: a\n---\n<p>x</p>\n", "a.md")
    same_head = Article("---\ntitle: a\n---\n<p>y</p>\n", "a.md", earlier=first)
    assert same_head.front_matter is first.front_matter
    new_head = Article("---\ntitle: b\n---\n<p>x</p>\n", "a.md", earlier=first)
    assert new_head.front_matter is not first.front_matter and new_head.meta == {"title": "b"}
    shifted = Article("\n---\ntitle: a\n---\n<p>x</p>\n", "a.md", earlier=first)
    assert shifted.front_matter.start == 1 and shifted.leading_end == 1
