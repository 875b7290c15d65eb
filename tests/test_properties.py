"""Property tests over generated articles: random front-matter and HTML from a grammar of the corpus's
constructs (font tags, style blocks and attributes, comments, U+3000 indents, Sina promo blocks, entities)
and of broken markup (unclosed and stray tags, unterminated quotes and comments), with CRLF and BOMs.

For every article: no traceback (an input error is fine); ``fix`` is idempotent; every edit of a fix lies
inside the lines its finding reports (see ``_inside_span``); fixing only removes text, never invents or reorders it; the output encodes in the input's
encoding.

The number of examples comes from the hypothesis profile: ``ci`` (the default, 200 per test) or ``long``
(``HYPOTHESIS_PROFILE=long``, 5,000 per test) for a local soak.
"""

from __future__ import annotations

import os
import re

import pytest

hypothesis = pytest.importorskip("hypothesis", reason="hypothesis is not installed (pip install -e '.[test]')")
from hypothesis import HealthCheck, event, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from artlint import ArtlintError, Linter  # noqa: E402
from artlint.article import Article  # noqa: E402

settings.register_profile("ci", max_examples=200, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("long", max_examples=5000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# -- the grammar ------------------------------------------------------------------------------------

WORDS = st.sampled_from(["新浪财经", "讯", "中国", "经济", "数据", "显示", "增长", "。", "，", "news", "the", "a b",
                         "  ", "\u3000\u3000", "&nbsp;", "&amp;", "&lt;", "&#x3000;", "&#12288;", "&copy", "&",
                         "<", ">", "'", '"', "=", "{{ x }}", "{% raw %}", "javascript:alert(1)", "\u00a0",
                         "\ufffd", "\\", "`code`", "*em*", "# h", "- li", "[a](b)"])
TEXT = st.lists(WORDS, min_size=0, max_size=6).map("".join)
TAGS = st.sampled_from(["p", "div", "span", "font", "b", "strong", "em", "a", "img", "br", "section", "center",
                        "table", "tr", "td", "li", "ul", "h2", "blockquote", "iframe", "script", "style", "form",
                        "input", "base", "meta", "object", "svg", "math", "pre", "code", "textarea", "title", "u"])
ATTR_NAMES = st.sampled_from(["style", "class", "id", "href", "src", "onclick", "onerror", "alt", "color", "face",
                              "size", "align", "referrerpolicy", "target", "rel", "data-src", "width",
                              "http-equiv", "content", "srcdoc", "action", "formaction", "xlink:href"])
ATTR_VALUES = st.sampled_from(["color: red", "text-indent: 2em", "red", "#fff", "宋体", "javascript:alert(1)",
                               " jAvAsCrIpT:x", "java\tscript:y", "vbscript:z", "data:text/html,<b>",
                               "https://n.sinaimg.cn/a.jpg", "//i.xx.com/b.png", "/c.jpg", "no-referrer", "_blank",
                               "refresh", "0;url=javascript:1", "", "a\"b", "x'y", "&quot;", "&#106;avascript:1",
                               "news_keyword_pub", "appendQr_wrap", "{{ url }}"])


_UNQUOTABLE = re.compile(r"[\s>]")


@st.composite
def attribute(draw) -> str:
    name = draw(ATTR_NAMES)
    kind = draw(st.sampled_from(["dq", "sq", "uq", "none", "broken"]))
    value = draw(ATTR_VALUES)
    if kind == "dq":
        return f'{name}="{value.replace(chr(34), "&quot;")}"'
    if kind == "sq":
        return f"{name}='{value.replace(chr(39), '&#39;')}'"
    if kind == "uq":
        return f"{name}={_UNQUOTABLE.sub('', value) or 'x'}"
    if kind == "none":
        return name
    return f'{name}="{value}'  # an unterminated quote


SINA_PROMO = ('<div class="appendQr_wrap"><div class="appendQr_normal"><div class="appendQr_normal_txt">'
              '扫描二维码关注</div></div></div>')
STYLE_BLOCK = "<style>\n.appendQr_wrap{border:1px solid #E6E6E6;}\n</style>"
LEAVES = st.one_of(
    TEXT,
    st.sampled_from(["<!-- more -->", "<!-- news_keyword_pub,stock, -->", "<!--", "<!-->", "<!--- x --->",
                     "<!DOCTYPE html>", "<?xml x?>", "</div>", "</p>", "</font>", "<br>", "<br/>", "<hr>",
                     "<img src=x onerror=alert(1)>", '<img src="/a.jpg">', "<img>", SINA_PROMO, STYLE_BLOCK,
                     "<script>alert(1)</script>", "<script>", "</script x", "<a href='javascript:1'>x</a>",
                     '<iframe src="//evil"></iframe>', '<meta http-equiv="refresh" content="0;url=//x">',
                     "<base href=//evil/>", "\u3000\u3000", "\r\n", "\n", "\n\n", "    <p>indented</p>",
                     "<p>\u3000\u3000段落</p>", "<font color=red face=宋体>字</font>", "&nbsp;&nbsp;",
                     "<a ", "<a b", "< p>", "<", "<3", "</ a>", "<p <b>", "</>", "<svg><script>1</script></svg>",
                     "{% raw %}<p style='x'>{% endraw %}", "`<!-- c -->`", "```html\n<p style=x>\n```"]),
)


def element(children):
    @st.composite
    def build(draw) -> str:
        tag = draw(TAGS)
        attrs = draw(st.lists(attribute(), max_size=3))
        inner = "".join(draw(st.lists(children, max_size=4)))
        close = draw(st.sampled_from(["close", "close", "close", "none", "upper", "stray"]))
        head = f"<{tag}{' ' if attrs else ''}{' '.join(attrs)}>"
        if close == "close":
            return f"{head}{inner}</{tag}>"
        if close == "upper":
            return f"<{tag.upper()}{' ' if attrs else ''}{' '.join(attrs)}>{inner}</{tag.upper()}>"
        if close == "stray":
            return f"{head}{inner}</{draw(TAGS)}>"
        return head + inner  # left open

    return build()


HTML = st.recursive(LEAVES, lambda children: element(children), max_leaves=25).map(str)
BODY = st.lists(HTML, min_size=0, max_size=6).map("".join)

FM_VALUES = st.sampled_from(["T", "'quoted'", '"double"', "新浪财经", "2021-09-29T07:52:07+00:00", "2021-09-29",
                             "29/09/2021", "yes", "1", "", "[a, b]", "\n  - x\n  - y", "|\n  block", "a: b",
                             '"""""\'x\'"""""', "{x: 1}", "&a x", "*a", "null", "新浪财经 - 综合"])
FM_KEYS = st.sampled_from(["title", "date", "author", "tags", "categories", "summary", "cover", "artlint",
                           "updated", "description"])


@st.composite
def article_text(draw) -> str:
    fm_kind = draw(st.sampled_from(["yaml", "yaml", "yaml", "none", "toml", "json", "broken"]))
    keys = draw(st.lists(FM_KEYS, max_size=5, unique=True))
    if fm_kind == "yaml":
        lines = "".join(f"{k}: {draw(FM_VALUES)}\n" for k in keys)
        fm = f"---\n{lines}---\n"
    elif fm_kind == "toml":
        fm = "+++\n" + "".join(f'{k} = "{draw(TEXT)}"\n'.replace("\\", "") for k in keys) + "+++\n"
    elif fm_kind == "json":
        import json

        fm = "{\n" + ",\n".join(f'"{k}": {json.dumps(draw(TEXT), ensure_ascii=False)}' for k in keys) + "\n}\n"
    elif fm_kind == "broken":
        fm = draw(st.sampled_from(["---\ntitle: [\n---\n", "---\ntitle: x\n", "---\n- a\n---\n", "+++\nx =\n+++\n"]))
    else:
        fm = ""
    text = draw(st.sampled_from(["", "\n", "\n\n"])) + fm + draw(BODY)
    if draw(st.booleans()):
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    return text


# -- the properties ---------------------------------------------------------------------------------

_LINTERS: dict[str, Linter] = {}


def _linter(select: str = "recommended", **settings) -> Linter:
    key = select + repr(sorted(settings.items()))
    if key not in _LINTERS:
        _LINTERS[key] = Linter(isolated=True, select=[select], **settings)
    return _LINTERS[key]


def _prepare(text: str, bom: bool):
    """The article's bytes as a file would hold them, read back as the engine reads them."""
    raw = (("\ufeff" if bom else "") + text).encode("utf-8")
    try:
        art = Article.from_bytes(raw, "gen.md")
    except ArtlintError:
        event("input error")
        return None  # bad input is reported, never a traceback: the bad-input suite covers the message
    event("article")
    return art


_WS = " \t\r\n\f\u00a0\u3000"


def _inside_span(art: Article, v, e) -> bool:
    """An edit lies inside the lines its finding reports: from the start of the line where the span
    starts to the end (line break included) of the line where it ends; or inside the element whose start
    tag the finding reports (a finding points at ``<iframe …>`` and its fix removes the whole element).
    Removing an element or attribute may take the whitespace or the emptied line around it, and a
    front-matter fix rewrites its whole ``key: value`` line; no fix may touch anything else."""
    text = art.text
    lo = text.rfind("\n", 0, v.span.start) + 1
    nl = text.find("\n", max(v.span.end - 1, v.span.start))
    hi = len(text) if nl < 0 else nl + 1
    if lo <= e.start and e.end <= hi:
        return True
    el = _element_at(art, v.span.start)
    if el is None:
        return False
    lo = text.rfind("\n", 0, el.start) + 1
    nl = text.find("\n", max(el.end - 1, el.start))
    hi = len(text) if nl < 0 else nl + 1
    return lo <= e.start and e.end <= hi


def _element_at(art: Article, pos: int):
    for el in art.html.elements:
        if el.start == pos:
            return el
        if el.start > pos:
            return None
    return None


_VISIBLE_WS = re.compile(r"[\s\u00a0\u3000]+")


def _visible(text: str) -> str:
    art = Article(text, "gen.md", body_kind="html")
    tree = art.html
    return _VISIBLE_WS.sub("", "".join(t.text for t in tree.texts))


def _is_subsequence(small: str, big: str) -> bool:
    it = iter(big)
    return all(ch in it for ch in small)


@given(text=article_text(), bom=st.booleans(), unsafe=st.booleans())
def test_fix_never_crashes_and_is_idempotent(text, bom, unsafe):
    art = _prepare(text, bom)
    if art is None:
        return
    linter = _linter()
    try:
        found = linter.lint_text(art.text, "gen.md", bom=art.bom)
        first = linter.fix_text(art.text, "gen.md", unsafe=unsafe, bom=art.bom)
    except ArtlintError:
        return
    assert not [v for v in found + first.remaining if v.code == "ART002"], "a rule crashed"
    event(f"fixes applied: {min(len(first.applied), 5)}{'+' if len(first.applied) >= 5 else ''}")
    if first.converged:
        second = linter.fix_text(first.text, "gen.md", unsafe=unsafe, bom=art.bom)
        assert second.text == first.text, [v.code for v in second.applied]
    # The output encodes in the input's encoding and reads back to the same text.
    out = art.to_bytes(first.text)
    assert out.decode(art.encoding) == ("\ufeff" if art.bom else "") + first.text


@given(text=article_text())
def test_every_edit_lies_inside_its_finding(text):
    art = _prepare(text, False)
    if art is None:
        return
    try:
        found = _linter("ALL").lint_text(art.text, "gen.md")
    except ArtlintError:
        return
    outside = [(v.code, v.span.start, v.span.end, e.start, e.end) for v in found if v.fix is not None
               for e in v.fix.edits if not _inside_span(art, v, e) and v.code not in _WHOLE_FILE]
    assert not outside, outside


#: Findings whose fix legitimately rewrites more than the reported span (see the module docstring).
_WHOLE_FILE = {
    "SEC008",  # the sanitizer of record's output replaces the whole body; reported at its first difference
    "ENC003",  # mixed line endings: one finding at the first odd ending, every ending fixed
}


@given(text=article_text())
def test_fixing_only_removes_text(text):
    """The visible text after a fix (entities decoded, whitespace ignored) is a subsequence of the text
    before: rules remove elements and their text, they never invent or reorder words. The body is read as
    HTML here, so that the text compared is the same text before and after. Safe fixes only: the unsafe
    sanitizer fix is the sanitizer of record's re-serialisation, which spells legacy entities out
    (``&copy`` without its semicolon, which a browser shows as ©, comes back as ``&amp;copy``)."""
    art = _prepare(text, False)
    if art is None:
        return
    try:
        fixed = _linter(body="html").fix_text(art.text, "gen.md", unsafe=False)
        before, after = _visible(art.text), _visible(fixed.text)
    except ArtlintError:
        return
    assert _is_subsequence(after, before), (before, after)


def test_fuzz_finding_front_matter_edit_in_a_markdown_article():
    """Found by the fuzzer: a fix inside the front-matter of a Markdown article (ENC002 removing a control
    character) was widened to "whole lines" from the body's start and became an edit ending before it
    starts."""
    text = "---\ntitle: \x05\ntags:\n  - a\n---\n# H\n\nText ![a](b.png) [l](javascript:x) `<b>`\n\n    <p>code</p>\n"
    result = _linter("ALL").fix_text(text, "fuzz.md")
    assert result.text.startswith("---\ntitle: \ntags:\n") and result.converged
