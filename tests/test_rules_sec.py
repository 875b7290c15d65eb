"""The unsafe-markup rules (SEC001-SEC008): URL reading as a browser does, hostile vectors end clean with
either sanitizer backend, and the sanitizer pre-scan never calls a body clean that the sanitizer changes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import html5lib
import pytest

from artlint.article import Article
from artlint.config import Config
from artlint.engine import Linter
from artlint.rules._sanitizer import policy_from, prescan, same_tree, sanitize
from artlint.rules._sec import attr_unescape, unsafe_url, url_scheme
from artlint.rules.sec008_sanitizer import Sanitizer
from ci_helpers import ARTICLES, need_corpus

DATA = Path(__file__).parent / "data"
VECTORS = json.loads((DATA / "dompurify_vectors_20.json").read_text(encoding="utf-8"))["vectors"]
_C0_SPACE = "".join(chr(i) for i in range(0x21))
BACKENDS = ["bleach", "nh3"]


def _linter(backend: str = "bleach", select=("recommended",)) -> Linter:
    return Linter(Config(values={"select": list(select), "rules": {"sanitizer": {"backend": backend}}}),
                  unsafe_fixes=True)


def _executable(html: str) -> list[str]:
    """What a browser would run or follow in ``html``, read with html5lib (the WHATWG algorithm)."""
    frag = html5lib.parseFragment(html, treebuilder="etree", namespaceHTMLElements=False)
    found = []
    for el in frag.iter():
        if not isinstance(el.tag, str):
            continue
        tag = el.tag.rsplit("}", 1)[-1].lower()
        if tag in ("script", "iframe", "object", "embed", "frame", "applet"):
            found.append(tag)
        if tag == "base" and "href" in el.attrib:
            found.append("base href")
        if tag == "meta" and el.attrib.get("http-equiv", "").strip().lower() == "refresh":
            found.append("meta refresh")
        for name, value in el.attrib.items():
            name = name.rsplit("}", 1)[-1].lower()
            if name.startswith("on") or name == "srcdoc":
                found.append(name)
            v = re.sub("[\t\n\r]", "", value.strip(_C0_SPACE)).lower()
            if name in ("href", "src", "action", "formaction", "xlink:href", "data", "poster", "background") and \
                    v.startswith(("javascript:", "vbscript:")):
                found.append(f"{name}={v[:20]}")
    return found


# -- reading URLs as a browser does ------------------------------------------------------------------

@pytest.mark.parametrize("raw, want", [
    ("?a=1&copy=2", "?a=1&copy=2"),  # legacy name followed by '=': left alone in attributes
    ("?a=1&copy;=2", "?a=1©=2"),
    ("&copy2", "&copy2"),  # followed by an alphanumeric: left alone
    ("&copy ", "© "),
    ("&#106;avascript:", "javascript:"),
    ("&#x6A;avascript&colon;", "javascript:"),
    ("&#0;x", "\ufffdx"),
    ("&#x80;", "\u20ac"),  # windows-1252 remap
    ("&amp;&lt;&gt", "&<>"),
])
def test_attribute_values_decode_like_the_html_tokenizer(raw, want):
    assert attr_unescape(raw) == want


@pytest.mark.parametrize("value, scheme", [
    ("  javascript:alert(1)", "javascript"),
    ("\x00\x1fjavascript:x", "javascript"),
    ("java\tscr\nipt:x", "javascript"),
    ("JaVaScRiPt:x", "javascript"),
    ("/relative/javascript:x", None),
    ("https://example.com", "https"),
])
def test_url_scheme_after_whatwg_trimming(value, scheme):
    assert url_scheme(value) == scheme


def test_data_urls_only_as_pictures():
    assert unsafe_url("img", "src", "data:image/png;base64,AAAA") is None
    assert unsafe_url("img", "src", "data:image/svg+xml,<svg/>") is None
    assert unsafe_url("a", "href", "data:image/svg+xml,<svg onload=alert(1)>")
    assert unsafe_url("iframe", "src", "data:text/html,<script>alert(1)</script>")
    assert unsafe_url("object", "data", "DATA:text/html;base64,PHNjcmlwdD4=")


# -- hostile vectors ------------------------------------------------------------------------------------

@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("vector", VECTORS, ids=[v["id"] for v in VECTORS])
def test_vector_ends_clean_after_unsafe_fix(vector, backend):
    text = "---\ntitle: vector\n---\n" + vector["payload"]
    result = _linter(backend).fix_text(text, "vector.md")
    assert result.converged
    body = result.text.split("---\n", 2)[2]
    assert _executable(body) == []
    # A parse -> serialise -> parse round trip must not bring anything back either.
    frag = html5lib.parseFragment(body, treebuilder="etree", namespaceHTMLElements=False)
    again = html5lib.serialize(frag, tree="etree", quote_attr_values="always", omit_optional_tags=False)
    assert _executable(again) == []
    # and check reported the problem before the fix (some vectors only ever worked in old IE)
    if _executable(vector["payload"]):
        assert Linter(Config(values={"select": ["recommended"]})).lint_text(text, "vector.md")


@pytest.mark.parametrize("vector", VECTORS, ids=[v["id"] for v in VECTORS])
def test_the_sanitizer_alone_cleans_every_vector(vector):
    text = "---\ntitle: vector\n---\n" + vector["payload"]
    linter = _linter(select=["sanitizer"])
    if _executable(vector["payload"]):
        assert linter.lint_text(text, "vector.md")
    body = linter.fix_text(text, "vector.md").text.split("---\n", 2)[2]
    assert _executable(body) == []


@pytest.mark.parametrize("vector", VECTORS, ids=[v["id"] for v in VECTORS])
def test_prescan_never_proves_a_vector_clean_that_the_sanitizer_changes(vector):
    article = Article("---\ntitle: vector\n---\n" + vector["payload"], "vector.html", body_kind="html")
    policy = policy_from(Sanitizer().defaults)
    problems = prescan(article, policy, frozenset())
    if not problems:
        assert same_tree(article.body, sanitize(article.body, "bleach", policy))
    elif any(definite for _, _, definite in problems):
        # what the pre-scan calls definite, the sanitizer does remove
        assert not same_tree(article.body, sanitize(article.body, "bleach", policy))


def test_sanitizer_leaves_what_other_selected_rules_remove_to_them():
    text = '---\ntitle: t\n---\n<p onclick="x()">a</p><script>alert(1)</script>\n'
    both = Linter(Config(values={"select": ["sanitizer", "script", "event-handler"]})).lint_text(text, "t.html")
    assert sorted(v.code for v in both) == ["SEC001", "SEC006"]
    alone = Linter(Config(values={"select": ["sanitizer"]})).lint_text(text, "t.html")
    assert [v.code for v in alone] == ["SEC008"]
    assert "onclick handler" in alone[0].message


def test_safe_fixes_win_over_the_sanitizer_rewrite():
    text = '---\ntitle: t\n---\n<div><p>a&nbsp;b</p><p onclick="x()">c</p><noscript>n</noscript></div>\n'
    result = _linter().fix_text(text, "t.html")
    # onclick went by its own safe fix first; the sanitizer then only had the noscript left to drop
    assert "onclick" not in result.text and "noscript" not in result.text
    assert _executable(result.text.split("---\n", 2)[2]) == []


def test_markdown_body_only_its_html_is_sanitized():
    text = "---\ntitle: t\n---\n# Title\n\nSome *text* and <noscript>x</noscript> more.\n\n> quote\n"
    result = _linter().fix_text(text, "t.md")
    assert result.text == "---\ntitle: t\n---\n# Title\n\nSome *text* and x more.\n\n> quote\n"


def test_missing_backend_is_a_finding_not_a_crash(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "nh3", None)
    text = "---\ntitle: t\n---\n<p>a</p><noscript>x</noscript>\n"
    found = _linter("nh3", select=["sanitizer"]).lint_text(text, "t.html")
    assert [v.code for v in found] == ["SEC008"] and "not installed" in found[0].message


# -- the corpus -------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def fixed_corpus(tmp_path_factory):
    need_corpus()
    linter = Linter(Config(values={"select": ["recommended"]}))
    out = {}
    for path in sorted(ARTICLES.glob("*.md")):
        out[path.name] = linter.fix_text(path.read_text(encoding="utf-8"), path.name).text
    return out


def test_prescan_is_sound_and_proves_most_fixed_corpus_articles_clean(fixed_corpus):
    policy = policy_from(Sanitizer().defaults)
    proven = 0
    for name, text in fixed_corpus.items():
        article = Article(text, name, body_kind="html")
        problems = prescan(article, policy, frozenset())
        if not problems:
            proven += 1
            assert same_tree(article.body, sanitize(article.body, "bleach", policy)), name
        elif any(definite for _, _, definite in problems):
            assert not same_tree(article.body, sanitize(article.body, "bleach", policy)), name
    # ordinary articles pass without the sanitizer once the cleanup rules have run
    assert proven >= 0.9 * len(fixed_corpus)


def test_fixed_corpus_has_no_sec_findings_with_a_safe_fix(fixed_corpus):
    linter = Linter(Config(values={"select": ["SEC"]}))
    for name, text in fixed_corpus.items():
        left = [v for v in linter.lint_text(text, name) if v.fix is not None and v.fix.is_safe]
        assert left == [], name
