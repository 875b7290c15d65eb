"""Image and link rules: their documented examples, unsafe fixes and settings."""

from __future__ import annotations

import pytest

from artlint.engine import Linter
from artlint.plugins import load
from artlint.rule import code_blocks

CODES = ("IMG002", "IMG003", "IMG004", "IMG005", "IMG006")
_plugins = load()


@pytest.mark.parametrize("code", CODES)
def test_docs_example_fires_and_use_instead_does_not(code: str) -> None:
    rule = _plugins.rule(code)
    sections = rule.doc_sections()
    linter = Linter(select=[code], isolated=True, plugins=_plugins)
    for block in code_blocks(sections["Example"]):
        assert any(v.code == code for v in linter.lint_text(block)), block
    for block in code_blocks(sections["Use instead"]):
        assert [v.message for v in linter.lint_text(block)] == [], block


def _fix(code: str, html: str, **settings) -> str:
    linter = Linter(select=[code], isolated=True, plugins=_plugins, **settings)
    out = linter.fix_text(html, unsafe=True).text
    assert linter.fix_text(out, unsafe=True).text == out
    return out


def test_proxied_image_unsafe_fix_unwraps_and_keeps_the_rest() -> None:
    html = '<p><img src="https://cors.zfour.workers.dev/?http://zkres1.myzaker.com/a.jpg" alt="x"></p>'
    assert _fix("IMG004", html) == '<p><img src="http://zkres1.myzaker.com/a.jpg" alt="x"></p>'
    safe = Linter(select=["IMG004"], isolated=True, plugins=_plugins).fix_text(html)
    assert safe.text == html and safe.remaining[0].fix.applicability.value == "unsafe"


def test_proxied_image_decoded_target_is_escaped_and_quotes_refused() -> None:
    html = "<img alt=x src='https://images.weserv.nl/?url=https%3A%2F%2Fe.com%2Fa.png%3Fa%3D1%26b%3D2'>"
    assert _fix("IMG004", html) == "<img alt=x src='https://e.com/a.png?a=1&amp;b=2'>"
    quoted = "<img alt=x src='https://images.weserv.nl/?url=https%3A%2F%2Fe.com%2F%27onerror%3D'>"
    assert _fix("IMG004", quoted) == quoted


def test_mixed_content_upgrade_and_site_url() -> None:
    html = '<img alt="a" src="http://lain.bgm.tv/pic/a.jpg">'
    assert _fix("IMG005", html) == '<img alt="a" src="https://lain.bgm.tv/pic/a.jpg">'
    http_site = Linter(select=["IMG005"], isolated=True, plugins=_plugins,
                       site_url="http://intranet.example.com")
    assert http_site.lint_text(html) == []
    https_site = Linter(select=["IMG005"], isolated=True, plugins=_plugins, site_url="https://example.com")
    assert [v.code for v in https_site.lint_text(html)] == ["IMG005"]


def test_allow_empty_alt_option(tmp_path) -> None:
    (tmp_path / "artlint.toml").write_text('select = ["IMG002"]\n[rules.img-alt-missing]\n'
                                           'allow-empty-alt = true\n')
    linter = Linter(tmp_path / "artlint.toml", plugins=_plugins)
    found = linter.lint_text('<img src="a.png" alt=""><img src="b.png" alt><img src="c.png">')
    assert [v.message for v in found] == ["<img> has no alt attribute"]
