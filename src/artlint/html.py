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
import sys
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate
from operator import add
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
# Possessive quantifiers: a tag or comment is scanned once, with no backtracking, whatever its size
# (an unterminated quote in a 1 MB line must not make the tokenizer quadratic).
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

def _possessive(pattern: str) -> str:
    # Python 3.10's re lacks possessive quantifiers; there the same pattern runs with greedy ones (same
    # matches, only the worst case on hostile input is slower).
    if sys.version_info >= (3, 11):
        return pattern
    return pattern.replace("]++|", "]|").replace("*+", "*").replace("++", "+")


_IMPLIES_ANY = _CLOSES_P | frozenset(_IMPLIED)
_P_BOUNDS = ("div", "td", "th", "li", "table", "blockquote", "section", "article")
_TAG_OPENERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ!?/")
_TOKEN = re.compile(_possessive(
    r"""<(?:
        !--(?P<comment>>|->|[^-]*+(?:-(?!-!?>)[^-]*+)*+(?:--!?>|\Z))
      | /(?P<etag>[a-zA-Z][^\s/>]*+)[^>]*+>
      | (?P<stag>[a-zA-Z][^\s/>]*+)(?P<attrs>(?:[^>"'=]++|=\s*+"[^"]*+"|=\s*+'[^']*+'|=(?!\s*+["'])|["'])*+)>
      | (?P<bogus>[!?/][^>]*>)
    )"""),
    re.S | re.X,
)
# A quote is part of an attribute *name* (WHATWG: `<a x"y>` has the attribute `x"y`); skipping it instead
# left it behind when the attribute was removed, glued to the tag name (`<iframe x">` became `<iframe">`, a
# different element whose content is no longer raw text).
# Groups: what precedes the name (the only characters a name cannot start with), the name, then
# "=" with its spaces and the value with its quotes. They cover each match, and each match starts where
# the last one ended, so ``_parse_attrs`` gets every span from the lengths alone.
_ATTRS = re.compile(
    r"""([\s/>]*)([^\s>/=][^\s>/=]*|=[^\s>/=]*)
        (?:(\s*=\s*)("[^"]*"|'[^']*'|[^\s>]+))?""",
    re.X,
)
# The end of a start tag's name, from its second character (as ``stag`` in ``_TOKEN`` reads it).
_TAG_NAME_END = re.compile(r"[^\s/>]*+" if sys.version_info >= (3, 11) else r"[^\s/>]*")
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


class Node:
    __slots__ = ("start", "end", "parent")

    def __init__(self, start: int, end: int, parent: Element | None = None) -> None:
        self.start = start
        self.end = end
        self.parent = parent

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.start}..{self.end}>"


class Text(Node):
    __slots__ = ("raw",)

    def __init__(self, start: int, end: int, parent: Element | None = None, raw: str = "") -> None:
        # ``SourceTree._parse`` sets these same fields inline (no call): keep the two in step.
        self.start = start
        self.end = end
        self.parent = parent
        self.raw = raw

    @property
    def text(self) -> str:
        """The text with entities decoded."""
        return _htmlmod.unescape(self.raw) if "&" in self.raw else self.raw

    def entities(self) -> Iterator[tuple[int, int, str]]:
        """(start, end, raw) of every character reference in this text run."""
        for m in _ENTITY.finditer(self.raw):
            yield self.start + m.start(), self.start + m.end(), m.group()


class Comment(Node):
    __slots__ = ("data",)

    def __init__(self, start: int, end: int, parent: Element | None = None, data: str = "") -> None:
        self.start = start
        self.end = end
        self.parent = parent
        self.data = data


class Element(Node):
    """An element: ``start``..``end`` covers the start tag, content and end tag (if any).

    Attributes are parsed on first use: most elements of an article are never asked for theirs.
    """

    __slots__ = ("tag", "start_tag_end", "end_tag_start", "children", "index", "_src", "_attrs")

    def __init__(self, start: int, end: int, parent: Element | None, tag: str, index: int, src: str) -> None:
        # Built once per tag of every article: only what the tokenizer knows already is stored; the
        # attributes' span is found again from the source when they are first asked for.
        # ``SourceTree._parse`` sets these same fields inline (no call): keep the two in step.
        self.start = start
        self.end = self.start_tag_end = end  # ``end`` moves to the end tag once that is found
        self.parent = parent
        self.tag = tag
        self.end_tag_start: int | None = None  # None when the end tag is implied or missing
        self.children: list[Node] = []
        self.index = index
        self._src = src
        self._attrs: list[Attr] | None = None

    def __repr__(self) -> str:
        return f"<Element {self.tag} {self.start}..{self.end}>"

    @property
    def attrs(self) -> list[Attr]:
        attrs = self._attrs
        if attrs is None:
            # The attributes run from the end of the tag name to the closing ">".
            src, end, tag = self._src, self.start_tag_end - 1, self.tag
            if tag.isascii():  # lower-casing kept the name's length
                a0 = self.start + 1 + len(tag)
                attrs = _parse_attrs(src, a0, end) if a0 < end else []
            else:
                a0 = _TAG_NAME_END.match(src, self.start + 1, end).end() if end > self.start else end
                attrs = _parse_attrs(src, a0, end)
            self._attrs = attrs
        return attrs

    @property
    def self_closing(self) -> bool:
        # A "/" right before the ">" belongs to the attributes (a tag name cannot hold one).
        return self.start_tag_end - 2 > self.start and self._src[self.start_tag_end - 2] == "/"

    def get(self, name: str, default: str | None = None) -> str | None:
        a = self.attr(name)
        if a is None:
            return default
        return "" if a.value is None else a.value

    def attr(self, name: str) -> Attr | None:
        attrs = self._attrs
        if attrs is None:
            if self.start_tag_end - self.start - 2 == len(self.tag) and self.tag.isascii():
                return None  # ``<tag>``: no attributes
            # Cheap reject before parsing: the name must occur in the start tag (in any case).
            raw = self._src[self.start:self.start_tag_end]
            if name not in raw and name not in raw.lower():
                return None
            attrs = self.attrs
        for a in attrs:
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
        self.root = Element(self.start, self.start, None, "#root", -1, text)
        self.root.end = self.end
        self.elements: list[Element] = []
        self.comments: list[Comment] = []
        self.texts: list[Text] = []
        self.stray_end_tags: list[tuple[int, int, str]] = []
        self.by_tag: dict[str, list[Element]] = {}
        self._query = None
        self._starts: list[int] | None = None
        self._attr_cache: dict[str, list[Element]] = {}
        self._lower: str | None = None
        self._parse()

    # -- building ---------------------------------------------------------------------------------
    def _parse(self) -> None:
        text = self.source
        root = self.root
        stack: list[Element] = [root]
        # tag -> stack indexes of its open elements, so implied closes and end tags find their target
        # without walking the stack (a walk per tag is quadratic on deep or hostile input).
        open_at: dict[str, list[int]] = {}
        top = root
        find = text.find
        match = _TOKEN.match
        elements, comments, texts, by_tag = self.elements, self.comments, self.texts, self.by_tag
        add_element, add_text_node = elements.append, texts.append
        implies, implied, void, raw_text = _IMPLIES_ANY, _IMPLIED, VOID, RAW_TEXT
        open_p = open_at.get  # for the "is a <p> open?" test before an implied close
        new = object.__new__
        # The per-token work below is written out inline (no helper calls, few attribute lookups): it
        # runs for every tag and text run of every article and dominates the cost of building the tree.

        def close_to(i: int, at: int, end_tag: tuple[int, int] | None) -> None:
            # Elements above index i are closed implicitly where the closing token starts.
            while len(stack) - 1 > i:
                el = stack.pop()
                open_at[el.tag].pop()
                el.end = at
            if end_tag is not None:
                el = stack.pop()
                open_at[el.tag].pop()
                el.end_tag_start, el.end = end_tag

        regions = self.regions
        many = len(regions) > 1
        no_close: dict[str, int] = {}  # raw-text tag -> region index after which it has no end tag
        gap_from = None
        resume = None  # where parsing goes on after a raw-text element that ended in a later region
        for ri, (r_start, r_end) in enumerate(regions):
            if resume is not None:
                if r_end <= resume:
                    continue
                r_start, resume = max(r_start, resume), None
            if gap_from is not None and gap_from < r_start and top is not root:
                top.children.append(Text(gap_from, r_start, top, text[gap_from:r_start]))
            pos, end = r_start, r_end
            scan = pos
            while pos < end:
                s = find("<", scan, end)
                if s < 0:
                    node = Text(pos, end, top, text[pos:end])
                    top.children.append(node)
                    add_text_node(node)
                    break
                m = match(text, s, end)
                if m is None:
                    if text[s + 1:s + 2] in _TAG_OPENERS:
                        # A tag that never ends (no closing ">" or quote before the end) runs to the end,
                        # as in a browser; stopping here keeps hostile input linear, because every later
                        # "<" would fail the same way after scanning to the end again.
                        node = Text(pos, end, top, text[pos:end])
                        top.children.append(node)
                        add_text_node(node)
                        break
                    scan = s + 1  # a "<" that starts no tag is text
                    continue
                e = m.end()
                if pos < s:
                    # As ``Text(pos, s, top, text[pos:s])``, without the call to ``__init__``.
                    node = new(Text)
                    node.start = pos
                    node.end = s
                    node.parent = top
                    node.raw = text[pos:s]
                    top.children.append(node)
                    add_text_node(node)
                pos = scan = e
                kind = m.lastgroup
                if kind == "attrs":
                    tag = m[3].lower()
                    if tag in implies and top is not root and (tag in implied or open_p("p")):
                        self._implied_close(open_at, tag, s, close_to)
                        top = stack[-1]
                    # As ``Element(s, e, top, tag, len(elements), text)``, without the call to ``__init__``.
                    el = new(Element)
                    el.start = s
                    el.end = el.start_tag_end = e
                    el.parent = top
                    el.tag = tag
                    el.end_tag_start = el._attrs = None
                    el.children = []
                    el.index = len(elements)
                    el._src = text
                    top.children.append(el)
                    add_element(el)
                    lst = by_tag.get(tag)
                    if lst is None:
                        by_tag[tag] = [el]
                    else:
                        lst.append(el)
                    if tag in void:
                        continue
                    if tag in raw_text:
                        close = _raw_end(tag, text, e, end) if tag != "plaintext" else None
                        if close is None and many and tag != "plaintext":
                            # Inline HTML in Markdown: the end tag is its own region further on; what
                            # lies between is the element's raw text to a browser.
                            close = _later_close(tag, text, regions, ri, no_close)
                            if close is not None:
                                resume = close[1]
                                el.end_tag_start, el.end = close
                                el.children.append(Text(e, close[0], el, text[e:close[0]]))
                                break
                        if close is None:
                            # No end tag (or one that never closes): the raw text runs to the end.
                            r1 = el.end = pos = scan = end
                        else:
                            r1, pos = el.end_tag_start, el.end = close
                            scan = pos
                        if e < r1:
                            # Raw text is not a text run of the article: script and style bodies are code.
                            el.children.append(Text(e, r1, el, text[e:r1]))
                        continue
                    idx = open_at.get(tag)
                    if idx is None:
                        open_at[tag] = [len(stack)]
                    else:
                        idx.append(len(stack))
                    stack.append(el)
                    top = el
                elif kind == "etag":
                    tag = m[2].lower()
                    if top.tag == tag and top is not root:  # the common case: it closes the open element
                        stack.pop()
                        open_at[tag].pop()
                        top.end_tag_start = s
                        top.end = e
                        top = stack[-1]
                        continue
                    idx = open_at.get(tag)
                    if idx:
                        close_to(idx[-1], s, (s, e))
                    else:
                        self.stray_end_tags.append((s, e, tag))
                    top = stack[-1]
                elif kind == "comment":
                    node = Comment(s, e, top, _comment_data(m.group()))
                    top.children.append(node)
                    comments.append(node)
                else:  # bogus comment, doctype, processing instruction
                    node = Comment(s, e, top, m.group()[2:-1])
                    top.children.append(node)
                    comments.append(node)
            gap_from = r_end if resume is None else None
        close_to(0, self.end, None)

    @staticmethod
    def _implied_close(open_at: dict[str, list[int]], tag: str, at: int, close_to) -> None:
        # The topmost open target closes unless a boundary element is open above it: the same answer
        # as walking the stack down from the top, in constant time.
        if tag in _CLOSES_P:
            p = open_at.get("p")
            if p:
                if p[-1] > _topmost(open_at, _P_BOUNDS):
                    close_to(p[-1] - 1, at, None)
        rule = _IMPLIED.get(tag)
        if rule:
            closes, bounds = rule
            target = _topmost(open_at, closes)
            if target > 0 and target > _topmost(open_at, bounds):
                close_to(target - 1, at, None)

    def release(self) -> None:
        """Break the parent/child reference cycles so the tree is freed at once by reference counting.

        Without this every tree lingers until the cyclic garbage collector runs, and a batch run over
        thousands of files spends much of its time in that collector. The tree is unusable afterwards.
        """
        for el in self.elements:
            el.children = []
        self.root.children = []
        self._query = None

    # -- queries ----------------------------------------------------------------------------------
    def with_attribute(self, name: str) -> list[Element]:
        """Elements having attribute ``name`` (``on*``: any name starting with ``on``), in document order.

        One regex scan of the raw text finds candidate positions; only the elements whose start tag
        holds a candidate get their attributes parsed.
        """
        cache = self._attr_cache
        found = cache.get(name)
        if found is not None:
            return found
        prefix = name.endswith("*")
        stem = name[:-1].lower() if prefix else name.lower()
        lower = self._lower
        if lower is None:
            lower = self._lower = self.source[self.start:self.end].lower()
        elements = self.elements
        starts = self._starts
        if starts is None:
            starts = self._starts = [el.start for el in elements]
        found = []
        last = None
        base = self.start
        find = lower.find
        n = len(stem)
        i = find(stem)
        # A literal search (C speed) for the name, then cheap checks around each hit.
        while i >= 0:
            hit = i
            i = find(stem, i + n)
            if hit == 0 or lower[hit - 1] not in _ATTR_BEFORE:
                continue
            nxt = lower[hit + n:hit + n + 1]
            if not prefix and nxt not in _ATTR_AFTER:
                continue
            k = bisect_right(starts, base + hit) - 1
            if k < 0:
                continue
            el = elements[k]
            if el is last or base + hit >= el.start_tag_end:
                continue
            if any(a.name.startswith(stem) for a in el.attrs) if prefix else el.attr(stem) is not None:
                found.append(el)
                last = el
        cache[name] = found
        return found

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


def _topmost(open_at: dict[str, list[int]], tags) -> int:
    """The highest stack index of an open element with one of ``tags`` (0, the root, if none)."""
    best = 0
    for t in tags:
        idx = open_at.get(t)
        if idx and idx[-1] > best:
            best = idx[-1]
    return best


_RAW_CLOSE: dict[str, re.Pattern] = {}


def _raw_close(tag: str) -> re.Pattern:
    pat = _RAW_CLOSE.get(tag)
    if pat is None:
        pat = _RAW_CLOSE[tag] = re.compile(r"</" + re.escape(tag) + r"(?=[\s/>])", re.I)
    return pat


def _raw_end(tag: str, text: str, start: int, end: int) -> tuple[int, int] | None:
    """Span of the first ``</tag …>`` in ``text[start:end]``, or None. One search, then one ``find``: if
    that end tag has no ``>``, no later one has either (a pattern with ``[^>]*>`` would rescan to the end
    for every candidate)."""
    m = _raw_close(tag).search(text, start, end)
    if m is None:
        return None
    gt = text.find(">", m.end(), end)
    return None if gt < 0 else (m.start(), gt + 1)


def _later_close(tag: str, text: str, regions: list[tuple[int, int]], ri: int,
                 no_close: dict[str, int]) -> tuple[int, int] | None:
    """The first ``</tag>`` that begins in one of the regions after ``ri``; ``no_close`` remembers where a
    search failed, so many unclosed raw-text tags do not each scan every later region."""
    if no_close.get(tag, len(regions)) <= ri:
        return None
    for r_start, r_end in regions[ri + 1:]:
        found = _raw_end(tag, text, r_start, r_end)
        if found is not None:
            return found
    no_close[tag] = ri
    return None


_ATTR_BEFORE = frozenset(" \t\n\r\f\"'/")
_ATTR_AFTER = frozenset((" ", "\t", "\n", "\r", "\f", "/", ">", "=", ""))


def _comment_data(raw: str) -> str:
    body = raw[4:]
    for tail in ("--!>", "-->"):
        if body.endswith(tail):
            return body[: -len(tail)]
    return body[:-1] if body in (">", "->") else body


def _parse_attrs(text: str, start: int, end: int) -> list[Attr]:
    attrs: list[Attr] = []
    seen: set[str] = set()
    # One ``findall`` (no match objects): every character is in some group, so spans follow from lengths.
    pos = start
    for lead, name, sep, raw in _ATTRS.findall(text, start, end):
        s = pos + len(lead)
        pos = e = s + len(name)
        if sep:
            vs = e + len(sep)
            pos = e = vs + len(raw)
        name = name.lower()
        if name in seen:  # browsers keep the first of duplicate attributes
            continue
        seen.add(name)
        if not sep:
            attrs.append(Attr(name, None, s, e, e, e, ""))
            continue
        quote = raw[0]
        if (quote == '"' or quote == "'") and len(raw) > 1 and raw[-1] == quote:
            # Quoted (an unquoted value never starts and ends with the same quote: that would have
            # matched as quoted).
            raw, vs, ve = raw[1:-1], vs + 1, e - 1
        else:
            quote, ve = "", e
        attrs.append(Attr(name, _htmlmod.unescape(raw) if "&" in raw else raw, s, e, vs, ve, quote))
    return attrs




class LineIndex:
    """Line and column (1-based, in characters) for any offset of a text.

    The first lookups count newlines with ``str.count`` (C speed, no table); a file that asks for many
    positions gets a table of line starts once.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts: list[int] | None = None
        self._calls = 0

    def _table(self) -> list[int]:
        if self._starts is None:
            # Line k starts after the k lines before it and their newlines: lengths from one split, summed
            # in C (a find per line costs twice as much).
            lines = self._text.split("\n")
            self._starts = list(map(add, accumulate(map(len, lines), initial=0), range(len(lines))))
        return self._starts

    def position(self, offset: int) -> tuple[int, int]:
        if self._starts is None:
            self._calls += 1
            if self._calls < 4:  # a table costs about as much as a few counts over the text
                text = self._text
                return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)
        starts = self._table()
        i = bisect_right(starts, offset) - 1
        return i + 1, offset - starts[i] + 1

    def line_start(self, line: int) -> int:
        return self._table()[line - 1]

    @property
    def line_count(self) -> int:
        return len(self._table())


def leading_space(text: str, pos: int) -> int:
    """End of the run of whitespace (incl. U+00A0 and U+3000) starting at ``pos``."""
    return _WS.match(text, pos).end()
