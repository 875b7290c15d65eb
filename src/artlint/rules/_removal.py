"""Removal lists as data: compiled once, matched against an article's query tree.

Both the site packs (``site-promo``) and EasyList element-hiding lines (``easylist``) come down to "remove
the elements this selector matches". A list is compiled once into ``Matcher`` objects and cached; per
article, a cheap test on the raw text (every class, id and ``:contains()`` literal a selector needs must
appear in the body) decides which selectors are worth evaluating at all, so an article that cannot
match costs one substring search per token and no lxml tree.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Iterable, Sequence

from ..html import Element
from ._markup import per_tree
from ._util import find_all
from ._util import occurs as _occurs

_STRING = re.compile(r""""(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'""")
_TOKEN = re.compile(r"[.#]((?:[-\w]|\\.)+)")
_CONTAINS = re.compile(r""":contains\(\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')\s*\)""")


@dataclass(frozen=True)
class Matcher:
    """One removal entry: an XPath (from CSS or given) plus what the raw text must contain for it to match."""

    label: str  # the selector as written, for messages
    reason: str
    xpath: object  # compiled lxml XPath
    tokens: tuple[str, ...]  # all must occur in the body text; empty = always evaluate
    data: dict  # the entry's other keys (when-author, site, …)
    fast: object = None  # a matcher over the source tree for simple selectors (no lxml tree needed)

    def may_match(self, body: str) -> bool:
        return all(t in body for t in self.tokens)


def css_tokens(selector: str) -> tuple[str, ...]:
    """Literal strings a selector's match must contain in the source: classes, ids, ``:contains`` text.

    Only for a single compound chain without ``:not()`` or ``,``; anything else gets no tokens (the
    selector is always evaluated), which keeps the test conservative.
    """
    if "," in _STRING.sub("", selector) or ":not(" in selector or "\\" in selector:
        return ()
    out = [m.group(1)[1:-1] for m in _CONTAINS.finditer(selector)]
    bare = _STRING.sub('""', selector)
    bare = re.sub(r"\[[^\]]*\]", "", bare)  # attribute values may hold dots
    out.extend(m.group(1) for m in _TOKEN.finditer(bare))
    return tuple(t for t in out if t and "\\" not in t)


def compile_css(selector: str):
    from .._query import compile_css as _compile

    return _compile(selector)


def compile_xpath(expr: str):
    from .._query import compile_xpath as _compile

    return _compile(expr)


def outermost(elements: Iterable[tuple[Element, Matcher]]) -> list[tuple[Element, Matcher]]:
    """Drop matches nested inside another match (removing the outer one removes them)."""
    found = sorted(elements, key=lambda p: (p[0].start, -p[0].end))
    out: list[tuple[Element, Matcher]] = []
    seen: set[int] = set()
    end = -1
    for el, m in found:
        if id(el) in seen:
            continue
        seen.add(id(el))
        if el.start < end:
            continue
        out.append((el, m))
        end = el.end
    return out


def match_all(article, matchers: Sequence[Matcher]) -> list[tuple[Element, Matcher]]:
    """Every (element, matcher) pair in the article, outermost first, for matchers whose tokens occur."""
    text, bs, be = article.text, article.body_start, article.body_end
    known: dict[str, bool] = {}
    hits: list[tuple[Element, Matcher]] = []
    for m in matchers:
        absent = False
        for token in m.tokens:
            got = known.get(token)
            if got is None:
                # Site packs repeat tokens and nest them ("appendQr_" in "appendQr_wrap"): a token
                # inside a present one is present, one holding an absent one is absent.
                for k, v in known.items():
                    if v and token in k:
                        got = True
                        break
                    if not v and k in token:
                        got = False
                        break
                else:
                    got = _occurs(text, token, bs, be)
                known[token] = got
            if not got:
                absent = True
                break
        if absent:
            continue
        if m.fast is not None:
            found = m.fast(article)
        else:
            tag = _xpath_tag(m.label)
            if tag is not None and tag not in article.html.by_tag:
                continue  # no element it could select: spare the lxml query tree
            found = article.html.xpath_elements(m.xpath)
        for el in found:
            if el.tag != "#root":
                hits.append((el, m))
    return outermost(hits)


_XPATH_STEP = re.compile(r"//([a-z][a-z0-9-]*)\[")
_XPATH_TAGS: dict[str, str | None] = {}


def _xpath_tag(expr: str) -> str | None:
    """The element name ``expr`` selects when it is one step ``//name[predicate]`` (so it returns only
    ``name`` elements), else ``None``."""
    if expr in _XPATH_TAGS:
        return _XPATH_TAGS[expr]
    tag = None
    m = _XPATH_STEP.match(expr)
    if m:
        depth, quote = 0, ""
        for i in range(m.end() - 1, len(expr)):
            c = expr[i]
            if quote:
                if c == quote:
                    quote = ""
            elif c in "'\"":
                quote = c
            elif c == "[":
                depth += 1
            elif c == "]":
                depth -= 1
                if depth == 0:
                    if i == len(expr) - 1:
                        tag = m.group(1)
                    break
    if len(_XPATH_TAGS) < 4096:
        _XPATH_TAGS[expr] = tag
    return tag


_COMPOUND = re.compile(r"""([a-zA-Z][a-zA-Z0-9-]*)?((?:\.[-\w]+|\#[-\w]+|:contains\("[^"\\]*"\))*)""")
_PART = re.compile(r"""\.([-\w]+)|\#([-\w]+)|:contains\("([^"\\]*)"\)""")


def _tags_holding(article, literal: str, tag: str) -> list[Element]:
    """The elements (named ``tag``, if given) whose start tag holds ``literal`` or a character reference,
    in document order: found from where those occur, for pools too big to test one by one (the
    hundreds of ``<span>`` of a highlighted code block)."""
    tree = article.html
    starts = per_tree(article, "_element_starts", lambda tree: [el.start for el in tree.elements])
    els = tree.elements
    text, bs, be = article.text, article.body_start, article.body_end
    found: set[int] = set()
    for needle in (literal, "&"):
        n = len(needle)
        for p in find_all(text, needle, bs, be):
            k = bisect_right(starts, p) - 1  # start tags never overlap: only this one can hold p
            if k >= 0 and p + n <= els[k].start_tag_end:
                found.add(k)
    return [els[k] for k in sorted(found) if not tag or els[k].tag == tag]


def fast_matcher(selector: str):
    """A source-tree matcher for ``tag.class#id:contains("…")`` compounds joined by descendant or
    child combinators, the shape of every built-in site-pack selector; ``None`` for anything else
    (the lxml query tree handles those)."""
    steps = []
    for token in re.split(r"\s*(>)\s*|\s+", selector.strip()):
        if token is None or token == "":
            continue
        if token == ">":
            if not steps or steps[-1] == ">":
                return None
            steps.append(">")
            continue
        m = _COMPOUND.fullmatch(token)
        if not m or not (m.group(1) or m.group(2)):
            return None
        classes, ids, texts = [], [], []
        for p in _PART.finditer(m.group(2) or ""):
            if p.group(1):
                classes.append(p.group(1))
            elif p.group(2):
                ids.append(p.group(2))
            else:
                texts.append(p.group(3))
        steps.append(((m.group(1) or "").lower(), tuple(classes), tuple(ids), tuple(texts)))
    if not steps or steps[-1] == ">":
        return None

    article_text = ""

    def ok(el, step) -> bool:
        tag, classes, ids, texts = step
        if tag and el.tag != tag:
            return False
        if classes or ids:
            # Without a character reference in the start tag, every class and id it has is spelled
            # out in it: one substring test spares parsing its attributes.
            raw = article_text[el.start:el.start_tag_end]
            if "&" not in raw and (any(c not in raw for c in classes) or any(i not in raw for i in ids)):
                return False
        if classes:
            have = (el.get("class") or "").split()
            if any(c not in have for c in classes):
                return False
        if ids and any(el.get("id") != i for i in ids):
            return False
        if texts:
            content = None  # the raw content usually answers: decode only when it does not
            for t in texts:
                if article_text.find(t, el.start_tag_end, el.content_end) < 0:
                    if content is None:
                        content = el.text_content()
                    if t not in content:
                        return False
        return True

    def matches(el) -> bool:
        i = len(steps) - 1
        if not ok(el, steps[i]):
            return False
        node = el
        i -= 1
        while i >= 0:
            child_only = steps[i] == ">"
            if child_only:
                i -= 1
            step = steps[i]
            node = node.parent
            if child_only:
                if node is None or node.tag == "#root" or not ok(node, step):
                    return False
            else:
                while node is not None and node.tag != "#root" and not ok(node, step):
                    node = node.parent
                if node is None or node.tag == "#root":
                    return False
            i -= 1
        return True

    last_tag = steps[-1][0]
    # The classes and ids the matched element's start tag spells out (unless it holds a character
    # reference): a substring test per element before the full check.
    literals = steps[-1][1] + steps[-1][2]
    first = literals[0] if literals else None

    def run(article):
        nonlocal article_text
        text = article_text = article.text
        tree = article.html
        pool = tree.by_tag.get(last_tag, ()) if last_tag else tree.elements
        if first is not None:
            if len(pool) > 16:
                pool = _tags_holding(article, first, last_tag)
            else:
                find = text.find
                pool = [el for el in pool if find(first, el.start, el.start_tag_end) >= 0 or
                        find("&", el.start, el.start_tag_end) >= 0]
        return [el for el in pool if matches(el)]

    return run
