"""Markdown bodies and template syntax: HTML rules see only what renders as HTML, never code, and no edit
touches a template tag."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from artlint import Article, Linter
from artlint.markdown import detect_body_kind
from ci_helpers import ARTICLES, CORPUS, REPO, need_corpus

MARKDOWN = CORPUS / "markdown"


def _linter(**kw) -> Linter:
    return Linter(isolated=True, select=["ALL"], **kw)


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "artlint", *args], cwd=cwd, capture_output=True, text=True,
                          encoding="utf-8", env=env)


FM = "---\ntitle: t\ndate: 2021-01-01\n---\n"


# -- body kind ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("body, kind", [
    ("<div>\n<p>x</p>\n</div>            ", "html"),
    ("<!-- c -->\n<p>x</p>", "html"),
    ("Some *text* with <b>html</b>.\n", "markdown"),
    ("<img src=x>\n\nA paragraph.\n", "markdown"),
    ("", "html"),
])
def test_auto_body_kind(body, kind):
    assert Article(FM + body, "p.md").body_kind == kind


def test_html_extension_is_always_html():
    assert detect_body_kind("plain *text*", 0, 12, "page.html") == "html"


def test_config_body_and_per_file_override(tmp_path):
    (tmp_path / "artlint.toml").write_text('body = "markdown"\nselect = ["ALL"]\n'
                                           '[per-file-body]\n"raw/*.md" = "html"\n')
    (tmp_path / "raw").mkdir()
    text = FM + "<div>\n\n    <p style=\"x\">a</p>\n\n</div>\n"
    (tmp_path / "a.md").write_text(text)
    (tmp_path / "raw" / "b.md").write_text(text)
    linter = Linter()
    a = linter.check_file(tmp_path / "a.md")
    b = linter.check_file(tmp_path / "raw" / "b.md")
    assert (a.body_kind, b.body_kind) == ("markdown", "html")
    # As Markdown the indented <p> is a code block: no HTML rule sees it.
    assert not [v for v in a.violations if v.code == "HT001"]
    assert [v.code for v in b.violations if v.code == "HT001"] == ["HT001"]


def test_bad_body_setting_is_a_config_error(tmp_path):
    (tmp_path / "artlint.toml").write_text('body = "rst"\n')
    (tmp_path / "a.md").write_text(FM + "x\n")
    r = _cli("check", "a.md", cwd=tmp_path)
    assert r.returncode == 2 and "'body' must be" in r.stderr


def test_json_output_shows_body_kind(tmp_path):
    (tmp_path / "a.md").write_text(FM + "Text <span style=\"x\">y</span>\n")
    (tmp_path / "b.md").write_text(FM + "<p>ok</p>\n")
    r = _cli("check", "--isolated", "--output-format", "json", "a.md", cwd=tmp_path)
    found = json.loads(r.stdout)
    assert found and {f["body_kind"] for f in found} == {"markdown"}
    assert {"path", "code", "line", "column", "message"} <= set(found[0])
    r = _cli("check", "--isolated", "--output-format", "json-files", "a.md", "b.md", cwd=tmp_path)
    files = {Path(f["path"]).name: f for f in json.loads(r.stdout)}
    assert files["a.md"]["body_kind"] == "markdown" and files["b.md"]["body_kind"] == "html"
    assert files["b.md"]["findings"] == []


# -- regions ------------------------------------------------------------------------------------------

def _codes_at(text: str, **kw) -> list[tuple[str, str]]:
    """(code, the source text at the finding) for every body finding."""
    return [(v.code, text[v.start:v.end]) for v in _linter(**kw).lint_text(text, "post.md")
            if not v.code.startswith("FM")]


def test_fence_is_not_markup():
    text = FM + 'Intro.\n\n```html\n<p style="a">x</p>\n<!-- c -->\n<style>p{}</style>\n```\n'
    assert _codes_at(text) == []
    assert _linter().fix_text(text, "post.md").text == text


def test_indented_code_is_not_markup():
    text = FM + 'Intro.\n\n    <p style="a">x</p>\n    <!-- c -->\n'
    assert [c for c, _ in _codes_at(text) if c != "HT101"] == []


def test_code_span_is_not_markup_and_its_comment_is_no_comment():
    text = FM + 'Use `<!-- more -->` or `<p style="a">` in a post.\n'
    art = Article(text, "post.md")
    assert art.html.comments == [] and art.html.elements == []
    assert _codes_at(text) == []


def test_html_block_and_inline_html_are_linted_at_exact_offsets():
    text = FM + ('Intro.\n\n<div style="a">\n<!-- block comment -->\n</div>\n\n'
                 '> quoted <span style="b">x</span> and `<i style="c">`\n\n'
                 '- item <b style="d">\n  bold</b>\n')
    found = _codes_at(text)
    assert ("HT001", 'style="a"') in found and ("HT001", 'style="b"') in found
    assert ("HT001", 'style="d"') in found and ("HT003", "<!-- block comment -->") in found
    assert not any('"c"' in s for _, s in found)
    fixed = _linter().fix_text(text, "post.md").text
    assert 'style="c"' in fixed and 'style="a"' not in fixed and "`<i style=\"c\">`" in fixed


def test_inline_raw_text_element_ends_at_its_own_end_tag():
    text = FM + 'Text <script async src="a.js"></script> and <style>p{}</style>, `</style>` <b>x</b>\n'
    art = Article(text, "post.md")
    got = {el.tag: text[el.start:el.end] for el in art.html.elements}
    assert got["script"] == '<script async src="a.js"></script>' and got["style"] == "<style>p{}</style>"
    assert art.html.stray_end_tags == []


def test_a_fix_that_would_turn_text_into_code_is_held_back():
    # Removing the comment would leave the line starting with a fence, and everything after it code.
    text = FM + "Intro.\n\n<!-- note -->```not a fence yet\n\nText <span style=\"x\">y</span>\n"
    out = _linter().fix_text(text, "post.md", unsafe=True).text
    assert "<!-- note -->```" in out and '<span style="x">' not in out


def test_element_open_across_markdown_is_not_blank():
    text = FM + '<div markdown="1">\n\n**Markdown** inside\n\n</div>\n'
    art = Article(text, "post.md", body_kind="markdown")
    div = art.html.by_tag["div"][0]
    assert not div.is_blank() and "Markdown" in div.text_content()
    assert art.html.texts == [t for t in art.html.texts if "Markdown" not in t.raw]


def test_template_tag_inside_attribute_is_left_alone():
    text = FM + '<a href="{{ site.url }}/x" style="{% if a %}color:red{% endif %}">x</a>\n'
    v = [v for v in _linter().lint_text(text, "post.md") if v.code == "HT001"]
    assert v and v[0].fix is None  # reported, never fixed
    assert _linter().fix_text(text, "post.md", unsafe=True).text == text


def test_template_tag_in_html_body_is_opaque():
    text = FM + '<div>\n<p {{ attrs }} style="x">a</p>\n<!-- {{ not a comment to drop }} -->\n</div>\n'
    art = Article(text, "post.md")
    assert art.body_kind == "html"
    fixed = _linter().fix_text(text, "post.md", unsafe=True).text
    assert "{{ attrs }}" in fixed and "{{ not a comment to drop }}" in fixed
    assert 'style="x"' not in fixed


def test_shortcode_wrapping_html():
    text = FM + ('Intro.\n\n{{< figure-wrap class="x" >}}\n<img src="a.png" style="w">\n'
                 '{{< /figure-wrap >}}\n\n{{% note %}}<span style="s">n</span>{{% /note %}}\n')
    fixed = _linter().fix_text(text, "post.md", unsafe=True).text
    assert '{{< figure-wrap class="x" >}}' in fixed and "{{< /figure-wrap >}}" in fixed
    assert "{{% note %}}<span>n</span>{{% /note %}}" in fixed
    assert 'style="w"' not in fixed


def test_verbatim_template_blocks_are_code():
    text = FM + ('Text.\n\n{% codeblock lang:html %}\n<p style="a">x</p>\n{% endcodeblock %}\n\n'
                 '{{< highlight html >}}\n<p style="b">y</p>\n{{< /highlight >}}\n\n'
                 'Use {% raw %}`{{ page.content }}`{% endraw %} here.\n')
    assert _codes_at(text) == []
    assert _linter().fix_text(text, "post.md", unsafe=True).text == text


def test_template_delimiters_are_configurable():
    text = FM + '<p>[[ x ]]<!-- [[ keep ]] --></p>\n'
    plain = _linter().fix_text(text, "post.md").text
    assert "<!--" not in plain
    custom = _linter(template_delimiters=[["[[", "]]"]]).fix_text(text, "post.md").text
    assert custom == text


def test_front_matter_like_text_in_code_is_code():
    text = FM + "Example:\n\n```yaml\n---\ntitle: <b style='x'>x</b>\ndate: Wed, 29 Sep 2021 07:52:07 GMT\n---\n```\n"
    art = Article(text, "post.md")
    assert art.front_matter.data["date"].isoformat() == "2021-01-01"
    assert _codes_at(text) == []


def test_ht101_docs_example_fires_and_use_instead_does_not():
    from artlint.rule import code_blocks

    linter = _linter()
    rule = linter.plugins.rule("HT101")
    sections = rule.doc_sections()
    for block in code_blocks(sections["Example"]):
        assert [v.code for v in linter.lint_text(block, "post.md") if v.code == "HT101"] == ["HT101"]
    for block in code_blocks(sections["Use instead"]):
        assert [v.code for v in linter.lint_text(block, "post.md") if v.code == "HT101"] == []


def test_ht101_never_runs_on_html_bodies():
    text = FM + "<div>\n<p>x</p>\n</div>\n\n        <style>p{}</style>\n<p>y</p>\n"
    assert Article(text, "post.md").body_kind == "html"
    assert [v for v in _linter().lint_text(text, "post.md") if v.code == "HT101"] == []


# -- images and links ---------------------------------------------------------------------------------

def test_images_and_links_from_both_syntaxes():
    text = FM + ('<img src="a.png" alt>\n\n![](http://x/b.png "t") ![Alt \\] text](<c d.png>)\n'
                 '[js](javascript:alert(1)) [ref][r] <https://auto.example> `![](code.png)`\n\n'
                 '[r]: https://ref.example\n')
    art = Article(text, "post.md")
    imgs = [(r.kind, r.url, r.alt) for r in art.images]
    assert imgs == [("html", "a.png", ""), ("markdown", "http://x/b.png", ""),
                    ("markdown", "c d.png", "Alt ] text")]
    links = [(r.kind, r.url, r.url_start is not None) for r in art.links]
    assert links == [("markdown", "javascript:alert(1)", True), ("markdown", "https://ref.example", False),
                     ("markdown", "https://auto.example", True)]
    b = art.images[1]
    assert text[b.url_start:b.url_end] == "http://x/b.png" and b.alt_start == b.alt_end
    e = b.replace_alt("A [chart]")
    assert e.replacement == "A \\[chart\\]" and e.start == b.alt_start
    e = art.images[2].replace_url("https://c.png")
    assert text[e.start:e.end] == "c d.png"


def test_html_ref_edits_keep_quoting():
    text = FM + "<img src='http://x/a.png?a=1&amp;b=2' alt>\n"
    ref = Article(text, "post.md").images[0]
    e = ref.replace_url("https://x/a.png?a=1&b=2")
    assert (text[e.start:e.end], e.replacement) == ("http://x/a.png?a=1&amp;b=2", "https://x/a.png?a=1&amp;b=2")
    e = ref.replace_alt('Say "hi"')
    assert text[e.start:e.end] == "alt" and e.replacement == 'alt="Say &quot;hi&quot;"'
    bare = Article(FM + "<img src=a.png>\n", "post.md").images[0]
    e = bare.replace_alt("x")
    assert (e.start, e.end, e.replacement) == (bare.start + 4, bare.start + 4, ' alt="x"')


# -- the scraped corpus stays HTML; the Markdown corpus keeps its code and templates ---------------------

def test_scraped_articles_are_html_bodies():
    folder = need_corpus(ARTICLES)
    kinds = {Article.from_bytes(p.read_bytes(), str(p)).body_kind for p in folder.glob("*.md")}
    assert kinds == {"html"}


_TEMPLATE = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.S)


def _protected(text: str) -> tuple[list[str], list[str]]:
    """Code contents (fences, indented blocks, code spans) and template tags, read afresh from the text."""
    from markdown_it import MarkdownIt

    art = Article(text, "x.md", body_kind="markdown")
    tokens = MarkdownIt("commonmark").enable("table").parse(art.body)
    code = []
    for t in tokens:
        if t.type in ("fence", "code_block"):
            code.append(t.info + "\n" + t.content)
        for c in t.children or ():
            if c.type == "code_inline":
                code.append(c.content)
    return code, _TEMPLATE.findall(art.body)


def test_markdown_corpus_fix_keeps_code_and_templates(tmp_path):
    folder = need_corpus(MARKDOWN)
    work = tmp_path / "md"
    shutil.copytree(folder, work)
    before = {p.name: p.read_text(encoding="utf-8") for p in work.glob("*.md")}
    assert len(before) >= 40

    r = _cli("check", "--isolated", "--select", "ALL", "--output-format", "json-files", ".", cwd=work)
    assert r.returncode in (0, 1), r.stderr
    for f in json.loads(r.stdout):
        name = Path(f["path"]).name
        assert f["error"] is None and f["body_kind"] == "markdown", name
        assert not [v for v in f["findings"] if v["code"].startswith("ART")], name
        art = Article(before[name], name)
        bad = art.code + art.templates
        for v in f["findings"]:
            if v["code"].startswith("FM"):
                continue
            assert not any(s <= v["start"] < e for s, e in bad), (name, v)

    r = _cli("fix", "--isolated", "--select", "ALL", "--unsafe-fixes", ".", cwd=work)
    assert r.returncode in (0, 1) and "Traceback" not in r.stderr, r.stderr
    after = {p.name: p.read_text(encoding="utf-8") for p in work.glob("*.md")}
    for name, text in before.items():
        assert _protected(after[name]) == _protected(text), name

    r = _cli("fix", "--isolated", "--select", "ALL", "--unsafe-fixes", ".", cwd=work)
    assert r.returncode in (0, 1), r.stderr
    again = {p.name: p.read_text(encoding="utf-8") for p in work.glob("*.md")}
    assert again == after


def test_local_image_missing_checks_markdown_images(tmp_path):
    (tmp_path / "artlint.toml").write_text('static-dir = "static"\nselect = ["IMG007"]\n')
    (tmp_path / "static" / "images").mkdir(parents=True)
    (tmp_path / "static" / "images" / "ok.png").write_bytes(b"png")
    post = tmp_path / "post.md"
    post.write_text(FM + "Text.\n\n![a](/images/ok.png) ![b](/images/missing.png) `![c](/images/code.png)`\n")
    found = Linter().check_file(post).violations
    assert [(v.code, v.message) for v in found] == [("IMG007", "image file images/missing.png not found under static-dir")]


# -- golden region cases: fixtures/markdown/<case>/before.md, findings.json, after.md --------------------

_REGION_RULES = ["HT001", "HT003", "HT004", "HT005", "IMG002", "IMG006", "SEC007", "LNK001"]
_REGION_CASES = sorted(p for p in (REPO / "fixtures" / "markdown").iterdir() if p.is_dir())


@pytest.mark.parametrize("case", _REGION_CASES, ids=lambda p: p.name)
def test_region_golden_case(case: Path):
    text = (case / "before.md").read_text(encoding="utf-8")
    linter = Linter(isolated=True, select=_REGION_RULES)
    found = [{"code": v.code, "line": v.line, "column": v.column} for v in linter.lint_text(text, "before.md")]
    assert found == json.loads((case / "findings.json").read_text(encoding="utf-8"))
    fixed = linter.fix_text(text, "before.md", unsafe=True).text
    assert fixed == (case / "after.md").read_text(encoding="utf-8")
    assert linter.fix_text(fixed, "before.md", unsafe=True).text == fixed
    assert _protected(fixed) == _protected(text)
