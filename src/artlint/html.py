"""An error-tolerant HTML source tree with character spans for every node.

The tree is built in one pass over the text with a tokenizer of compiled regular expressions and a stack,
so it never recurses (100,000 nested ``<div>`` are fine) and never re-serialises anything: every node
knows exactly which characters of the file it came from. A query tree in lxml, for CSS selectors and
XPath, is built from it on first use and maps each lxml element back to its source element.

This is not a browser's parser (the sanitizer of record covers the difference for security); it follows
the WHATWG tokenizer for tags, attributes, comments and raw-text elements, and the common implied end
tags (``p``, ``li``, ``td``, …), which is what editing scraped articles needs.
"""

from __future__ import annotations

import html as _htmlmod
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Iterator

VOID = frozenset(
    "area base br col embed hr img input link meta param source track wbr basefont bgsound frame keygen".split()
)
RAW_TEXT = frozenset(("script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
                      "plaintext"))
_CLOSES_P = frozenset(
    "address article aside blockquote center details dialog dir div dl fieldset figcaption figure footer "
    "form h1 h2 h3 h4 h5 h6 header hgroup hr main menu nav ol p pre section table ul li dd dt".split()
)
# tag -> tags whose open instance it implicitly closes, and the tags that bound the search
_IMPLIED = {
    "li": (frozenset(("li",)), frozenset(("ul", "ol", "menu"))),
    "dt": (frozenset(("dt", "dd")), frozenset(("dl",))),
    "dd": (frozenset(("dt", "dd")), frozenset(("dl",))),
    "tr": (frozenset(("tr", "td", "th")), frozenset(("table", "tbody", "thead", "tfoot"))),
    "td": (frozenset(("td", "th")), frozenset(("tr", "table"))),
    "th": (frozenset(("td", "th")), frozenset(("tr", "table"))),
    "option": (frozenset(("option",)), frozenset(("select", "datalist", "optgroup"))),
    "thead": (frozenset(("tbody", "thead", "tfoot", "tr", "td", "th")), frozenset(("table",))),
    "tbody": (frozenset(("tbody", "thead", "tfoot", "tr", "td", "th")), frozenset(("table",))),
    "tfoot": (frozenset(("tbody", "thead", "tfoot", "tr", "td", "th")), frozenset(("table",))),
}

_TOKEN = re.compile(
    r"""<(?:
        !--(?P<comment>>|->|.*?(?:--!?>|\Z))
      | /(?P<etag>[a-zA-Z][^\s/>]*)[^>]*>
      | (?P<stag>[a-zA-Z][^\s/>]*)(?P<attrs>(?:[^>"']|"[^"]*"|'[^']*')*)>
      | (?P<bogus>[!?/][^>]*>)
    )""",
    re.S | re.X,
)
_ATTR = re.compile(
    r"""(?P<name>[^\s"'>/=][^\s"'>/=]*|=[^\s"'>/=]*)
        (?:\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<uq>[^\s>]+)))?""",
    re.X,
)
_ENTITY = re.compile(r"&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[a-zA-Z][a-zA-Z0-9]*;?)")
_WS = re.compile(r"[\s\u00a0\u3000]*")


@dataclass(eq=False, slots=True)
class Attr:
    """One attribute; ``value`` has entities decoded, ``None`` when the attribute has no ``=``."""

    name: str
    value: str | None
    start: int
    end: int
    value_start: int  # raw value span, inside the quotes; equal to ``end`` when valueless
    value_end: int
    quote: str  # '"', "'" or ''

    @property
    def raw_name_start(self) -> int:
        return self.start


@dataclass(eq=False, slots=True)
class Node:
    start: int
    end: int
    parent: Element | None = field(default=None, repr=False)


@dataclass(eq=False, slots=True)
class Text(Node):
    raw: str = ""

    @property
    def text(self) -> str:
        """The text with entities decoded."""
        return _htmlmod.unescape(self.raw) if "&" in self.raw else self.raw

    def entities(self) -> Iterator[tuple[int, int, str]]:
        """(start, end, raw) of every character reference in this text run."""
        for m in _ENTITY.finditer(self.raw):
            yield self.start + m.start(), self.start + m.end(), m.group()


@dataclass(eq=False, slots=True)
class Comment(Node):
    data: str = ""


@dataclass(eq=False, slots=True)
class Element(Node):
    """An element: ``start``..``end`` covers the start tag, content and end tag (if any)."""

    tag: str = ""
    start_tag_end: int = 0
    end_tag_start: int | None = None  # None when the end tag is implied or missing
    attrs: list[Attr] = field(default_factory=list)
    children: list[Node] = field(default_factory=list, repr=False)
    index: int = 0
    self_closing: bool = False

    def get(self, name: str, default: str | None = None) -> str | None:
        a = self.attr(name)
        if a is None:
            return default
        return "" if a.value is None else a.value

    def attr(self, name: str) -> Attr | None:
        for a in self.attrs:
            if a.name == name:
                return a
        return None

    def has(self, name: str) -> bool:
        return self.attr(name) is not None

    @property
    def content_start(self) -> int:
        return self.start_tag_end

    @property
    def content_end(self) -> int:
        return self.end_tag_start if self.end_tag_start is not None else self.end

    @property
    def start_tag(self) -> tuple[int, int]:
        return self.start, self.start_tag_end

    @property
    def end_tag(self) -> tuple[int, int] | None:
        return None if self.end_tag_start is None else (self.end_tag_start, self.end)

    def iter(self) -> Iterator[Node]:
        """Descendants in document order, without recursion."""
        stack: list[Node] = list(reversed(self.children))
        while stack:
            node = stack.pop()
            yield node
            if isinstance(node, Element) and node.children:
                stack.extend(reversed(node.children))

    def text_content(self) -> str:
        return "".join(n.text for n in self.iter() if isinstance(n, Text))

    def is_blank(self) -> bool:
        """No element children other than ``<br>`` and only whitespace (incl. U+3000, &nbsp;) as text."""
        for n in self.iter():
            if isinstance(n, Element):
                if n.tag != "br":
                    return False
            elif isinstance(n, Text) and n.text.strip(" \t\r\n\f\u00a0\u3000"):
                return False
        return True


class SourceTree:
    """The body parsed into nodes with spans into the article's text.

    ``elements`` lists every element in document order; ``by_tag`` groups them by tag; ``comments`` and
    ``texts`` list those nodes; ``stray_end_tags`` lists end tags that closed nothing.

    ``regions``, when given, are the sorted ``(start, end)`` spans that are HTML (a Markdown body's HTML
    blocks and inline HTML): only they are tokenized, spans stay offsets into the whole text, and open
    elements stay open across the gaps. A gap inside an open element becomes a ``Text`` child (so the
    element is not blank) that is not listed in ``texts``: it is Markdown, not an HTML text run.
    """

    def __init__(self, text: str, start: int = 0, end: int | None = None,
                 regions: list[tuple[int, int]] | None = None) -> None:
        self.source = text
        self.start = start
        self.end = len(text) if end is None else end
        self.regions = [(self.start, self.end)] if regions is None else list(regions)
        self.root = Element(start=self.start, end=self.end, tag="#root", start_tag_end=self.start)
        self.elements: list[Element] = []
        self.comments: list[Comment] = []
        self.texts: list[Text] = []
        self.stray_end_tags: list[tuple[int, int, str]] = []
        self.by_tag: dict[str, list[Element]] = {}
        self._query = None
        self._parse()

    # -- building ---------------------------------------------------------------------------------
    def _parse(self) -> None:
        text = self.source
        stack: list[Element] = [self.root]
        search = _TOKEN.search
        elements, comments, texts, by_tag = self.elements, self.comments, self.texts, self.by_tag

        def add_text(s: int, e: int) -> None:
            if s < e:
                node = Text(s, e, stack[-1], text[s:e])
                stack[-1].children.append(node)
                texts.append(node)

        def close_to(i: int, at: int, end_tag: tuple[int, int] | None) -> None:
            # Elements above index i are closed implicitly where the closing token starts.
            while len(stack) - 1 > i:
                el = stack.pop()
                el.end = at
            if end_tag is not None:
                el = stack.pop()
                el.end_tag_start, el.end = end_tag

        gap_from = None
        for r_start, r_end in self.regions:
            if gap_from is not None and gap_from < r_start and len(stack) > 1:
                gap = Text(gap_from, r_start, stack[-1], text[gap_from:r_start])
                stack[-1].children.append(gap)
            pos, end = r_start, r_end
            while pos < end:
                m = search(text, pos, end)
                if m is None:
                    add_text(pos, end)
                    break
                s, e = m.span()
                add_text(pos, s)
                pos = e
                if m.group("comment") is not None:
                    node = Comment(s, e, stack[-1], _comment_data(m.group()))
                    stack[-1].children.append(node)
                    comments.append(node)
                elif m.group("stag") is not None:
                    tag = m.group("stag").lower()
                    self._implied_close(stack, tag, s, close_to)
                    el = Element(start=s, end=e, parent=stack[-1], tag=tag, start_tag_end=e,
                                 index=len(elements))
                    a_start = m.start("attrs")
                    el.attrs = _parse_attrs(text, a_start, m.end("attrs"))
                    el.self_closing = text[e - 2] == "/" and e - 2 >= a_start
                    stack[-1].children.append(el)
                    elements.append(el)
                    by_tag.setdefault(tag, []).append(el)
                    if tag in VOID:
                        continue
                    if tag in RAW_TEXT:
                        close = _raw_close(tag).search(text, e, end)
                        if tag == "plaintext" or close is None:
                            add_raw = (e, end)
                            el.end = end
                            pos = end
                        else:
                            add_raw = (e, close.start())
                            el.end_tag_start, el.end = close.span()
                            pos = close.end()
                        if add_raw[0] < add_raw[1]:
                            node = Text(add_raw[0], add_raw[1], el, text[add_raw[0]:add_raw[1]])
                            el.children.append(node)
                            # Raw text is not a text run of the article: script and style bodies are code.
                        continue
                    stack.append(el)
                elif m.group("etag") is not None:
                    tag = m.group("etag").lower()
                    for i in range(len(stack) - 1, 0, -1):
                        if stack[i].tag == tag:
                            close_to(i, s, (s, e))
                            break
                    else:
                        self.stray_end_tags.append((s, e, tag))
                else:  # bogus comment, doctype, processing instruction
                    node = Comment(s, e, stack[-1], m.group()[2:-1])
                    stack[-1].children.append(node)
                    comments.append(node)
            gap_from = max(pos, r_end)
        close_to(0, self.end, None)

    @staticmethod
    def _implied_close(stack: list[Element], tag: str, at: int, close_to) -> None:
        if tag in _CLOSES_P:
            for i in range(len(stack) - 1, 0, -1):
                t = stack[i].tag
                if t == "p":
                    close_to(i - 1, at, None)
                    break
                if t in ("div", "td", "th", "li", "table", "blockquote", "section", "article"):
                    break
        rule = _IMPLIED.get(tag)
        if rule:
            closes, bounds = rule
            for i in range(len(stack) - 1, 0, -1):
                t = stack[i].tag
                if t in closes:
                    close_to(i - 1, at, None)
                    break
                if t in bounds:
                    break

    # -- queries ----------------------------------------------------------------------------------
    def iter(self) -> Iterator[Node]:
        return self.root.iter()

    def select(self, selector: str) -> list[Element]:
        """Elements matching a CSS selector (cssselect, HTML semantics), in document order."""
        from ._query import compile_css

        return self.xpath_elements(compile_css(selector))

    def xpath(self, expr):
        """Evaluate an XPath (string or compiled) on the query tree; elements come back as source ``Element``s."""
        from ._query import QueryTree, compile_xpath

        if self._query is None:
            self._query = QueryTree(self)
        return self._query.evaluate(compile_xpath(expr) if isinstance(expr, str) else expr)

    def xpath_elements(self, expr) -> list[Element]:
        return [r for r in self.xpath(expr) if isinstance(r, Element)]


_RAW_CLOSE: dict[str, re.Pattern] = {}


def _raw_close(tag: str) -> re.Pattern:
    pat = _RAW_CLOSE.get(tag)
    if pat is None:
        pat = _RAW_CLOSE[tag] = re.compile(r"</" + re.escape(tag) + r"(?=[\s/>])[^>]*>", re.I)
    return pat


def _comment_data(raw: str) -> str:
    body = raw[4:]
    for tail in ("--!>", "-->"):
        if body.endswith(tail):
            return body[: -len(tail)]
    return body[:-1] if body in (">", "->") else body


def _parse_attrs(text: str, start: int, end: int) -> list[Attr]:
    attrs: list[Attr] = []
    seen: set[str] = set()
    for m in _ATTR.finditer(text, start, end):
        name = m.group("name").lower()
        if name in seen:  # browsers keep the first of duplicate attributes
            continue
        seen.add(name)
        for g, q in (("dq", '"'), ("sq", "'"), ("uq", "")):
            if m.group(g) is not None:
                raw = m.group(g)
                value = _htmlmod.unescape(raw) if "&" in raw else raw
                attrs.append(Attr(name, value, m.start(), m.end(), m.start(g), m.end(g), q))
                break
        else:
            if name.endswith("/") and m.end() == end:
                name = name[:-1]
            attrs.append(Attr(name, None, m.start(), m.end(), m.end(), m.end(), ""))
    return attrs


class LineIndex:
    """Line and column (1-based, in characters) for any offset of a text."""

    def __init__(self, text: str) -> None:
        self._starts = [0]
        self._starts.extend(m.end() for m in re.finditer("\n", text))

    def position(self, offset: int) -> tuple[int, int]:
        i = bisect_right(self._starts, offset) - 1
        return i + 1, offset - self._starts[i] + 1

    def line_start(self, line: int) -> int:
        return self._starts[line - 1]

    @property
    def line_count(self) -> int:
        return len(self._starts)


def leading_space(text: str, pos: int) -> int:
    """End of the run of whitespace (incl. U+00A0 and U+3000) starting at ``pos``."""
    return _WS.match(text, pos).end()
