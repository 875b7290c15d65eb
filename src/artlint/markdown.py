"""Markdown bodies: which parts of the file render as HTML, which are code, and Markdown's own images and
links, all as character spans into the article's text.

The body is parsed once with markdown-it-py (CommonMark, plus tables). Block tokens carry line ranges;
inline tokens carry none, so the inline rules that matter (raw HTML, code spans, links, images, autolinks)
are wrapped to record where they matched in their paragraph's text, and that text is mapped back to the
file line by line. Everything here is read-only: rules get spans, never a re-rendered document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .html import Element

#: How ``body = "auto"`` decides: a body is HTML when its first non-blank character opens an HTML tag or
#: comment and its last non-blank character is ``>``; ``.html``/``.htm`` files are always HTML.
_HTML_START = re.compile(r"\s*<(?:[A-Za-z]|!--|!DOCTYPE|!doctype|/[A-Za-z])")
BODY_KINDS = ("auto", "html", "markdown")


def detect_body_kind(text: str, start: int, end: int, path: str = "-") -> str:
    """``html`` or ``markdown`` for the body ``text[start:end]`` (see ``_HTML_START`` for the rule)."""
    if path.lower().endswith((".html", ".htm")):
        return "html"
    body = text[start:end]
    stripped = body.rstrip()
    if not stripped.strip():
        return "html"
    if _HTML_START.match(body) and stripped.endswith(">"):
        return "html"
    return "markdown"


_LAZY = object()


@dataclass(eq=False, slots=True)
class Ref:
    """An image or a link wherever it comes from: an HTML ``<img>``/``<a>`` or Markdown ``![]()``/``[]()``.

    ``url`` is the decoded URL (``None`` when there is none: no ``src``/``href``, or a Markdown reference
    whose definition is missing); ``url_start``/``url_end`` the raw characters to replace to change it
    (inside the quotes or ``<…>``; ``None`` when it cannot be edited in place, e.g. a reference-style link
    or a missing attribute). ``alt`` is an image's alt text or a link's text (``None`` for an ``<img>``
    without ``alt``; ``""`` for a valueless or empty one); ``alt_start``/``alt_end`` its raw span.
    ``start``/``end`` cover the whole element or Markdown construct; ``element`` is the HTML element.
    """

    kind: str  # "html" | "markdown"
    type: str  # "image" | "link"
    start: int
    end: int
    url: str | None
    url_start: int | None
    url_end: int | None
    _alt: Any
    alt_start: int | None
    alt_end: int | None
    element: Element | None = None
    reference: str | None = None  # the label of a reference-style Markdown link
    _source: str = field(default="", repr=False)

    @property
    def alt(self) -> str | None:
        if self._alt is _LAZY:
            self._alt = self.element.text_content()
        return self._alt

    @property
    def text(self) -> str | None:
        """A link's text (the same as ``alt``)."""
        return self.alt

    @property
    def url_attr(self):
        if self.element is None:
            return None
        return self.element.attr("src" if self.type == "image" else "href")

    def replace_url(self, new: str):
        """An ``Edit`` that makes the URL ``new``, or ``None`` when it cannot be edited in place."""
        from .edits import Edit

        if self.url_start is None:
            return None
        if self.kind == "markdown":
            raw = self._source[self.url_start:self.url_end]
            bracketed = self.url_start > 0 and self._source[self.url_start - 1] == "<"
            if bracketed:
                return Edit(self.url_start, self.url_end, new.replace("<", "%3C").replace(">", "%3E"))
            if re.search(r"[\s<>]", new) or new.count("(") != new.count(")"):
                return Edit(self.url_start, self.url_end, "<" + new.replace("<", "%3C").replace(">", "%3E") + ">")
            return Edit(self.url_start, self.url_end, new) if raw != new else None
        attr = self.url_attr
        return Edit(self.url_start, self.url_end, _attr_escape(new, attr.quote if attr else '"',
                                                             self._source[self.url_start:self.url_end]))

    def replace_alt(self, new: str):
        """An ``Edit`` that sets an image's alt text (or a link's text) to ``new``."""
        from .edits import Edit

        if self.kind == "markdown":
            esc = re.sub(r"([\\\[\]])", r"\\\1", new)
            return Edit(self.alt_start, self.alt_end, esc)
        el = self.element
        attr = el.attr("alt") if self.type == "image" else None
        if self.type == "link":
            return Edit(el.content_start, el.content_end, _text_escape(new))
        if attr is None:
            at = el.start + 1 + len(el.tag)
            return Edit(at, at, f' alt="{_attr_escape(new, chr(34), "")}"')
        if attr.value is None or not attr.quote:
            return Edit(attr.start, attr.end, f'alt="{_attr_escape(new, chr(34), "")}"')
        return Edit(attr.value_start, attr.value_end, _attr_escape(new, attr.quote,
                                                                  self._source[attr.value_start:attr.value_end]))


def _attr_escape(value: str, quote: str, old_raw: str) -> str:
    if "&amp;" in old_raw or not quote:
        value = value.replace("&", "&amp;")
    if quote == '"' or not quote:
        value = value.replace('"', "&quot;")
    if quote == "'":
        value = value.replace("'", "&#39;")
    return value


def _text_escape(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;")


def html_images(tree, source: str) -> list[Ref]:
    """Every ``<img>`` of an HTML source tree as a ``Ref``."""
    out = []
    for el in tree.by_tag.get("img", ()):
        src, alt = el.attr("src"), el.attr("alt")
        out.append(Ref("html", "image", el.start, el.end, src.value if src else None,
                       src.value_start if src else None, src.value_end if src else None,
                       None if alt is None else (alt.value or ""),
                       alt.value_start if alt else None, alt.value_end if alt else None, el,
                       _source=source))
    return out


def html_links(tree, source: str) -> list[Ref]:
    """Every ``<a>`` of an HTML source tree as a ``Ref`` (``alt`` is its text, read on first use)."""
    out = []
    for el in tree.by_tag.get("a", ()):
        href = el.attr("href")
        out.append(Ref("html", "link", el.start, el.end, href.value if href else None,
                       href.value_start if href else None, href.value_end if href else None,
                       _LAZY, el.content_start, el.content_end, el, _source=source))
    return out


# -- parsing ----------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Block:
    """A block-level token: ``type`` is markdown-it's (``html_block``, ``fence``, ``code_block``,
    ``paragraph``, ``heading``, …); ``start``..``end`` covers its lines (without the last line break)."""

    type: str
    start: int
    end: int
    level: int
    first_line: int  # 0-based line number in the file


@dataclass
class MarkdownBody:
    """The spans of a Markdown body: what renders as HTML, what is code, and its images and links."""

    html: list[tuple[int, int]] = field(default_factory=list)
    code: list[tuple[int, int]] = field(default_factory=list)
    code_kinds: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    images: list[Ref] = field(default_factory=list)
    links: list[Ref] = field(default_factory=list)


_MD: Any = None
_WRAPPED = ("html_inline", "backticks", "link", "image", "autolink")


def _parser():
    global _MD
    if _MD is None:
        from markdown_it import MarkdownIt

        md = MarkdownIt("commonmark").enable("table")
        # Every destination counts: a ``javascript:`` link is exactly what a rule must see, whatever a
        # given renderer would do with it.
        md.validateLink = lambda url: True
        for name in _WRAPPED:
            md.inline.ruler.at(name, _recording(name, _rule(md, name)))
        # Blocks only: ``parse_markdown`` parses each inline token itself, with the rules recording.
        md.core.ruler.disable(["inline", "text_join"])
        _MD = md
    return _MD


_FULL: Any = None


def _full_parser():
    global _FULL
    if _FULL is None:
        from markdown_it import MarkdownIt

        _FULL = MarkdownIt("commonmark").enable("table")
    return _FULL


def _rule(md, name: str):
    for r in md.inline.ruler.__rules__:
        if r.name == name:
            return r.fn
    raise LookupError(name)


def _recording(name: str, fn):
    def rule(state, silent: bool) -> bool:
        before = state.pos
        ok = fn(state, silent)
        rec = state.env.get("_artlint")
        if ok and not silent and rec is not None and state.src is rec["src"]:
            rec["found"].append((name, before, state.pos, state))
        return ok

    rule.__name__ = name
    return rule


def code_contents(text: str, start: int, end: int) -> list[str]:
    """Every fenced or indented code block and code span of ``text[start:end]`` as the renderer sees it
    (``kind:info:content``), in order: equal lists mean the code renders the same."""
    out = []
    for tok in _full_parser().parse(text[start:end]):
        if tok.type in ("fence", "code_block"):
            out.append(f"{tok.type}:{tok.info}:{tok.content}")
        for child in tok.children or ():
            if child.type == "code_inline":
                out.append("code_inline::" + child.content)
    return out


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")


def parse_markdown(text: str, start: int, end: int) -> MarkdownBody:
    """Parse ``text[start:end]`` as Markdown and return its spans (absolute offsets into ``text``)."""
    md = _parser()
    body = text[start:end]
    # Line table: absolute start, and text without its line break, for every line of the body.
    starts: list[int] = []
    lines: list[str] = []
    for m in _LINE.finditer(body):
        if m.start() == len(body) and starts:
            break
        starts.append(start + m.start())
        lines.append(m.group().rstrip("\r\n"))
    out = MarkdownBody()
    env: dict = {}
    tokens = md.parse(body, env)

    def line_end(i: int) -> int:
        i = min(i, len(lines) - 1)
        return starts[i] + len(lines[i])

    for tok in tokens:
        if tok.map is None or tok.nesting == -1:
            continue
        a, b = tok.map
        if a >= len(lines):
            continue
        t = tok.type[:-5] if tok.type.endswith("_open") else tok.type
        if t == "inline":
            continue
        s, e = starts[a], line_end(b - 1)
        if t == "html_block":
            first = tok.content.split("\n", 1)[0]
            if first and lines[a].endswith(first):
                s = starts[a] + len(lines[a]) - len(first)
            out.html.append((s, e))
        elif t in ("fence", "code_block"):
            out.code.append((s, e))
            out.code_kinds.append(t)
        out.blocks.append(Block(t, s, e, tok.level, text.count("\n", 0, starts[a])))

    # Inline tokens: parse each one's content again, recording where the wrapped rules matched.
    cursor = (-1, 0)  # (line, column) where the previous inline token ended, for table cells
    for tok in tokens:
        if tok.type != "inline" or tok.map is None or not tok.content:
            continue
        mapping = _map_content(tok.content, tok.map, lines, starts, cursor)
        if mapping is None:
            continue
        cursor = mapping[-1][2]
        rec = {"src": tok.content, "found": []}
        env["_artlint"] = rec
        md.inline.parse(tok.content, md, env, [])
        # ``rec["src"]`` is the very string the state holds, so records from nested parses (alt text of
        # images) are left out: alt text is text, not HTML.
        for name, s, e, state in rec["found"]:
            a_s, a_e = _abs(mapping, s), _abs(mapping, e)
            if name == "html_inline":
                out.html.append((a_s, a_e))
            elif name == "backticks":
                out.code.append((a_s, a_e))
                out.code_kinds.append("code_inline")
            elif name in ("link", "image"):
                ref = _md_ref(name, s, e, state, env, mapping, text)
                if ref is not None:
                    (out.images if name == "image" else out.links).append(ref)
            elif name == "autolink":
                url = state.src[s + 1:e - 1]
                out.links.append(Ref("markdown", "link", a_s, a_e, url, a_s + 1, a_e - 1, url, a_s + 1,
                                     a_e - 1, _source=text))
    out.html.sort()
    order = sorted(range(len(out.code)), key=lambda i: out.code[i])
    out.code = [out.code[i] for i in order]
    out.code_kinds = [out.code_kinds[i] for i in order]
    out.images.sort(key=lambda r: r.start)
    out.links.sort(key=lambda r: r.start)
    return out


def _map_content(content: str, tmap, lines: list[str], starts: list[int], cursor):
    """[(content_offset, absolute_offset, (line, column_end))] for each line of an inline token's content.

    The content is the block's text with container prefixes and indentation removed, so each of its lines
    is a piece of one source line, in order; ``None`` when that does not hold (tabs expanded by a list)."""
    out = []
    c_off = 0
    li = tmap[0]
    last = max(tmap[1], tmap[0] + 1)
    for part in content.split("\n"):
        found = None
        while li < min(last, len(lines)):
            line = lines[li]
            lo = cursor[1] if li == cursor[0] else 0
            if part and line.endswith(part) and len(line) - len(part) >= lo:
                col = len(line) - len(part)
            else:
                col = line.find(part, lo)
            if col >= 0:
                found = (c_off, starts[li] + col, (li, col + len(part)))
                break
            li += 1
        if found is None:
            return None
        out.append(found)
        c_off += len(part) + 1
        li += 1
    return out


def _abs(mapping, pos: int) -> int:
    for c_off, a_off, _ in reversed(mapping):
        if pos >= c_off:
            return a_off + (pos - c_off)
    return mapping[0][1] + pos


def _md_ref(name: str, s: int, e: int, state, env, mapping, text: str) -> Ref | None:
    from markdown_it.common.utils import normalizeReference, unescapeAll

    helpers = state.md.helpers
    src = state.src
    label_start = s + (2 if name == "image" else 1)
    saved = state.pos, state.posMax
    state.pos, state.posMax = s, e
    try:
        label_end = helpers.parseLinkLabel(state, s + (1 if name == "image" else 0), name == "link")
    finally:
        state.pos, state.posMax = saved
    if label_end < 0:
        return None
    alt_raw = src[label_start:label_end]
    alt = unescapeAll(alt_raw)
    url = url_s = url_e = ref = None
    pos = label_end + 1
    if pos < e and src[pos] == "(":
        pos += 1
        while pos < e and src[pos] in " \t\n":
            pos += 1
        res = helpers.parseLinkDestination(src, pos, e)
        if res.ok:
            url = res.str
            url_s, url_e = (pos + 1, res.pos - 1) if src[pos] == "<" else (pos, res.pos)
        elif pos < e and src[pos] == ")":
            url, url_s, url_e = "", pos, pos  # ``[text]()``: a link to nowhere
    else:
        label = alt_raw
        if pos < e and src[pos] == "[":
            close = src.find("]", pos + 1, e)
            if close > pos + 1:
                label = src[pos + 1:close]
        ref = label
        found = env.get("references", {}).get(normalizeReference(label))
        url = found["href"] if found else None
    a = lambda p: _abs(mapping, p)  # noqa: E731 - a short local alias keeps the call below readable
    return Ref("markdown", "image" if name == "image" else "link", a(s), a(e), url,
               None if url_s is None else a(url_s), None if url_e is None else a(url_e),
               alt, a(label_start), a(label_end), None, ref, _source=text)
