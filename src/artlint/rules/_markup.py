"""Helpers shared by the markup, text and front-matter cleanup rules; spans in, edits out."""

from __future__ import annotations

import re
from bisect import bisect_right

from ..article import _merge
from ..edits import Edit
from ..html import Element

#: Elements whose content is code or foreign markup: tags inside them are text to an editor, and their
#: whitespace is significant, so the cleanup rules leave them alone.
LITERAL = frozenset(("pre", "code", "kbd", "samp", "svg", "math", "template", "xmp", "textarea", "script",
                     "style", "plaintext", "listing"))
#: Elements whose whitespace is significant or whose content is not text of the article.
WHITESPACE_KEEP = frozenset(("pre", "textarea", "script", "style", "xmp", "plaintext", "listing"))


def per_tree(article, name: str, build):
    """``build(tree)`` for the article's current source tree, worked out once and kept on the article
    under ``name``: several rules ask for the same derived data, some of them once per element."""
    tree = article.html
    got = article.__dict__.get(name)
    if got is None or got[0] is not tree:
        got = article.__dict__[name] = (tree, build(tree))
    return got[1]


def in_literal(el: Element, article) -> bool:
    """True when ``el`` sits inside code or foreign markup (``<pre>``, ``<code>``, ``<svg>``, …)."""
    return el.index in per_tree(article, "_literal_inside", _literal_inside)


def _literal_inside(tree) -> set[int]:
    # One pass in document order: parents come before their children.
    inside: set[int] = set()
    by_tag = tree.by_tag
    # Most bodies hold none of these elements: nothing is inside one, no walk needed.
    for e in tree.elements if any(t in by_tag for t in LITERAL) else ():
        p = e.parent
        if p is not None and (p.index in inside and p.tag != "#root" or p.tag in LITERAL):
            inside.add(e.index)
    return inside


def protected_spans(article) -> tuple[list[int], list[int]]:
    """Sorted, merged spans where whitespace must not be touched: ``<pre>``, ``<textarea>``, raw-text
    elements and comments. Start tags are checked per position with ``in_tag``."""
    return per_tree(article, "_protected_spans", _protected_spans)


def _protected_spans(tree) -> tuple[list[int], list[int]]:
    spans = [(c.start, c.end) for c in tree.comments]
    by_tag = tree.by_tag
    for tag in WHITESPACE_KEEP:
        for el in by_tag.get(tag, ()):
            spans.append((el.start, el.end))
    merged = _merge(spans)
    return [s for s, _ in merged], [e for _, e in merged]


def text_starts(article) -> tuple[list, list[int]]:
    """The body's text runs (``tree.texts``) and their start offsets, for bisection."""
    return article.html.texts, per_tree(article, "_text_starts", lambda tree: [t.start for t in tree.texts])


def is_protected(spans: tuple[list[int], list[int]], pos: int) -> bool:
    starts, ends = spans
    i = bisect_right(starts, pos) - 1
    return i >= 0 and pos < ends[i]


def in_tag(text: str, pos: int, lo: int) -> bool:
    """Whether ``pos`` lies inside a start or end tag that runs over several lines (an attribute value)."""
    lt = text.rfind("<", max(lo, pos - 8192), pos)
    return lt >= 0 and text.rfind(">", lt, pos) < 0 and _TAG_OPEN.match(text, lt) is not None


_TAG_OPEN = re.compile(r"</?[a-zA-Z]")


def content_end(text: str, end: int) -> int:
    """End of the last non-whitespace character before ``end`` (the start of the file's trailing tail)."""
    i = end
    while i > 0 and text[i - 1] in " \t\r\n\f\v":
        i -= 1
    return i


def line_removal(text: str, start: int, end: int, lo: int = 0, hi: int | None = None) -> Edit:
    """Delete ``start..end``; when that leaves its line blank, delete the whole line with its newline."""
    hi = len(text) if hi is None else hi
    ls = start
    while ls > lo and text[ls - 1] in " \t":
        ls -= 1
    le = end
    while le < hi and text[le] in " \t":
        le += 1
    at_line_start = ls == lo or text[ls - 1] == "\n"
    if at_line_start and le < hi and text[le] in "\r\n":
        le += 2 if text.startswith("\r\n", le) else 1
        return Edit(ls, le, "")
    return Edit(start, end, "")


def unwrap(el: Element) -> list[Edit]:
    """Edits that remove an element's start and end tags and keep its content."""
    edits = [Edit(el.start, el.start_tag_end, "")]
    if el.end_tag_start is not None:
        edits.append(Edit(el.end_tag_start, el.end, ""))
    return edits


def key_line_removal(article, entry) -> Edit | None:
    """Delete a whole front-matter ``key: value`` line (YAML or TOML), or None when it is not alone on its
    lines."""
    text = article.text
    ls = entry.key_start
    while ls > 0 and text[ls - 1] in " \t":
        ls -= 1
    if ls > 0 and text[ls - 1] != "\n":
        return None
    le = entry.value_end
    while le < len(text) and text[le] in " \t":
        le += 1
    if le < len(text) and text[le] == "#":
        return None  # keep the comment's author in charge of it
    if text.startswith("\r\n", le):
        le += 2
    elif le < len(text) and text[le] == "\n":
        le += 1
    elif le < len(text):
        return None
    return Edit(ls, le, "")


_PLAIN_UNSAFE = re.compile(r"""^[\s\-?:,\[\]{}#&*!|>'"%@`]|[:#]\s|\s$|[,\[\]{}]|^$|^(?:true|false|yes|no|on|off|null|~|[-+.\d])""",
                           re.I)


def yaml_text(value: str, style: str) -> str:
    """``value`` as a YAML scalar in the given quoting style, falling back to single quotes when a plain
    scalar would read as something else."""
    if style == '"':
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if style == "" and not _PLAIN_UNSAFE.search(value) and "\n" not in value:
        return value
    return "'" + value.replace("'", "''") + "'"


def fm_string(fm_format: str, value: str, style: str) -> str:
    """A string value written for the front-matter format, keeping the quoting style where it can."""
    if fm_format == "yaml":
        return yaml_text(value, style)
    import json

    if fm_format == "toml" and style == "'" and "'" not in value and "\n" not in value:
        return "'" + value + "'"
    return json.dumps(value, ensure_ascii=False)
