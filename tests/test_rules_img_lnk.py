"""Image and link rules: their documented examples, unsafe fixes and settings."""

from __future__ import annotations

import json
import re

import pytest

from artlint.engine import Linter
from artlint.errors import ConfigError
from artlint.html import SourceTree
from artlint.plugins import load
from artlint.rule import parse_sections

CODES = ("IMG002", "IMG003", "IMG004", "IMG005", "IMG006", "IMG007", "IMG008", "IMG009", "IMG010",
         "LNK001", "LNK002", "LNK003", "LNK004", "LNK005")
_plugins = load()
# A fence's info string may carry the options the block is shown with: ```html options={"max-bytes": 256}
_FENCE = re.compile(r"^```[^\S\n]*\w*(?:[^\S\n]+options=(\{.*\}))?[^\S\n]*\n(.*?)^```", re.S | re.M)


def _blocks(section: str):
    for m in _FENCE.finditer(section):
        yield json.loads(m.group(1)) if m.group(1) else {}, m.group(2)


@pytest.mark.parametrize("code", CODES)
def test_docs_example_fires_and_use_instead_does_not(code: str, tmp_path) -> None:
    rule = _plugins.rule(code)
    sections = parse_sections(rule.doc)
    extra = {"static_dir": str(tmp_path)} if "static_files" in rule.needs else {}
    for section, fires in (("Example", True), ("Use instead", False)):
        blocks = list(_blocks(sections[section]))
        assert blocks, f"{code}: no fenced block in {section}"
        for options, block in blocks:
            cfg = tmp_path / "artlint.toml"
            cfg.write_text(f"select = [{code!r}]\n[rules.{code}]\n"
                           + "".join(f"{k} = {json.dumps(v)}\n" for k, v in options.items()))
            found = Linter(cfg, plugins=_plugins, **extra).lint_text(block, str(tmp_path / "post.md"))
            if fires:
                assert any(v.code == code for v in found), block
            else:
                assert [v.message for v in found] == [], block


def _fix(code: str, html: str, **settings) -> str:
    linter = Linter(select=[code], isolated=True, plugins=_plugins, **settings)
    out = linter.fix_text(html, unsafe=True).text
    assert linter.fix_text(out, unsafe=True).text == out
    return out


def test_placeholder_cover_and_image_read_the_same_pack_section_each_their_own_way() -> None:
    # FM006 reads placeholder-image hosts into a set, IMG003 into a host -> reason table; whichever
    # runs first must not hand the other its table.
    text = ("---\ntitle: T\ncover: https://via.placeholder.com/300\n---\n"
            '<p><img src="https://via.placeholder.com/300" alt="x"></p>\n')
    found = Linter(select=["FM006", "IMG003"], isolated=True, plugins=_plugins).lint_text(text)
    assert sorted(v.code for v in found) == ["FM006", "IMG003"]


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


def test_tags_end_where_browsers_end_them_when_a_tag_is_pasted_into_an_attribute() -> None:
    # The Dockone spam post: quotes open a value only after "=", so this start tag ends at the first
    # ">" after target="_blank", as in a browser, and the rest is text.
    html = ('<p><a href="<a href="https://infogram.com/x%22" rel="nofollow" target="_blank">'
            'https://infogram.com/x ... ot%3B</a> target="_blank">https://infogram.com/x</a></p>')
    tree = SourceTree(html)
    (a,) = tree.by_tag["a"]
    assert a.get("href") == "<a href=" and a.get("rel") == "nofollow" and a.get("target") == "_blank"
    assert html[a.start_tag_end:a.end_tag_start] == "https://infogram.com/x ... ot%3B"
    assert SourceTree('<img alt="a > b" src=x>').by_tag["img"][0].get("src") == "x"


def test_local_images_need_static_dir_and_it_must_exist(tmp_path) -> None:
    html = '<img src="/img/a.png" alt="a"><img src="b.png" alt="b">'
    post = str(tmp_path / "posts" / "p.md")
    assert Linter(select=["IMG007"], isolated=True, plugins=_plugins).lint_text(html, post) == []
    with pytest.raises(ConfigError, match="static-dir"):
        Linter(select=["IMG007"], isolated=True, plugins=_plugins,
               static_dir=str(tmp_path / "nope")).lint_text(html, post)
    (tmp_path / "static" / "img").mkdir(parents=True)
    (tmp_path / "posts" / "p").mkdir(parents=True)
    linter = Linter(select=["IMG007"], isolated=True, plugins=_plugins, static_dir=str(tmp_path / "static"))
    assert [v.message for v in linter.lint_text(html, post)] == [
        "image file img/a.png not found under static-dir",
        "image file b.png not found next to the article or in its asset folder"]
    # Listings are taken once per run: files added later are not seen by the same linter.
    (tmp_path / "static" / "img" / "a.png").write_bytes(b"")
    (tmp_path / "posts" / "p" / "b.png").write_bytes(b"")
    assert len(linter.lint_text(html, post)) == 2
    fresh = Linter(select=["IMG007"], isolated=True, plugins=_plugins, static_dir=str(tmp_path / "static"))
    assert fresh.lint_text(html, post) == []


def test_local_images_under_a_site_path(tmp_path) -> None:
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "a.png").write_bytes(b"")
    linter = Linter(select=["IMG007"], isolated=True, plugins=_plugins, static_dir=str(tmp_path),
                    site_url="https://example.github.io/blog/")
    assert linter.lint_text('<img src="/blog/img/a.png" alt="a"><img src="/img/a.png" alt="a">',
                            str(tmp_path / "p.md")) == []


def test_hotlink_dependence_is_reported_as_info_when_asked(tmp_path) -> None:
    (tmp_path / "artlint.toml").write_text('select = ["IMG009"]\n[rules.IMG009]\nreport-dependence = true\n')
    found = Linter(tmp_path / "artlint.toml", plugins=_plugins).lint_text(
        '<img src="https://n.sinaimg.cn/a.jpg" alt="a" referrerpolicy="no-referrer">')
    assert [(v.severity.value, v.fix) for v in found] == [("info", None)]


def test_hotlink_other_explicit_policy_gets_an_unsafe_fix() -> None:
    html = '<img src="https://n.sinaimg.cn/a.jpg" alt="a" referrerpolicy="origin">'
    assert _fix("IMG009", html) == '<img src="https://n.sinaimg.cn/a.jpg" alt="a" referrerpolicy="no-referrer">'
