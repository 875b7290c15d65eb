"""Remove ideographic-space and no-break-space indents at the start of paragraphs.

## What it does
Reports a paragraph whose text starts with ideographic spaces (U+3000), no-break spaces (U+00A0) or
``&nbsp;`` entities, and removes that indent. The indent may sit inside leading inline tags
(``<p><font>　　text``).

## Why is this bad?
Chinese print layout indents each paragraph by two characters, and CMSs fake it with ``　　`` typed
into the text. On a site the theme decides indents: the faked ones double the theme's indent, break
centred paragraphs and captions, and show up in excerpts, feeds and search snippets.

## Example
```html
<p>　　本报讯 昨天，2021年世界互联网大会乌镇峰会闭幕。</p>
```

## Use instead
```html
<p>本报讯 昨天，2021年世界互联网大会乌镇峰会闭幕。</p>
```

## Options
None. Only ``<p>`` is checked: an indent in a table cell usually marks a sub-row of a statistics
table, and text directly in a ``<div>`` is rarely a paragraph of its own.

## Fix safety
Safe: only the indent characters (and plain spaces mixed into them) are removed; the text after
them stays byte for byte. Paragraphs that are nothing but an indent are left to ``empty-element``.
"""

from __future__ import annotations

import re
import weakref

from ..edits import delete
from ..hookspecs import hookimpl
from ..html import Element, Text
from ..rule import Rule
from ._markup import in_literal

_INDENT = re.compile(r"(?:\u3000|\u00a0|&nbsp;?|&#160;?|&#x[aA]0;?| |\t)+")
_SPECIAL = re.compile(r"\u3000|\u00a0|&nbsp|&#160|&#x[aA]0")
#: ``_SPECIAL`` once U+3000 and U+00A0 are known absent; a literal first character makes the regex
#: engine skip ahead to each "&" instead of testing a character class at every position
_NBSP_REF = re.compile(r"&(?:nbsp|#160|#x[aA]0)")
#: what an indent can start with once ASCII whitespace is skipped
_STARTS = frozenset("\u3000\u00a0&")
#: what ``Element.is_blank`` strips, and the start of a character reference
_BLANK_OR_REF = frozenset(" \t\r\n\f\u00a0\u3000&")
_DESCRIBED: dict[str, str] = {}
# Per article: whether any indent character occurs at all (most articles have none).
_seen: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_INLINE = frozenset("a abbr b bdi bdo cite data dfn em font i kbd mark q s small span strong sub sup time u "
                    "big strike tt ins del".split())


def _has_indent_char(article) -> bool:
    """Whether the body holds an indent character at all: two memchrs settle it for most bodies, the
    regex only runs when a ``&`` might start a no-break-space reference."""
    text, start = article.text, article.body_start
    if text.find("\u3000", start) >= 0 or text.find("\u00a0", start) >= 0:
        return True
    return text.find("&", start) >= 0 and _NBSP_REF.search(text, start) is not None


def _first_text(el: Element) -> Text | None:
    """The first text run with something other than ASCII whitespace, reached through inline tags only."""
    stack = el.children[::-1]
    while stack:
        node = stack.pop()
        if isinstance(node, Text):
            if node.raw.strip(" \t\r\n\f"):
                return node
        elif isinstance(node, Element):
            if node.tag not in _INLINE:
                return None
            if node.children:
                stack.extend(node.children[::-1])
    return None


class ParagraphIndent(Rule):
    code = "HT007"
    name = "paragraph-indent"
    summary = "Paragraph indented with ideographic or no-break spaces"
    groups = ("html", "cleanup", "typography")
    fix = "safe"

    def check(self, article, options):
        # The <p> elements walked here: whether the body has any indent character at all is asked once.
        els = article.html.by_tag.get("p")
        if not els or not _has_indent_char(article):
            return []
        out = []
        for el in els:
            found = self._check(el, article)
            if found:
                out.extend(found)
        return out

    def check_element(self, el, article, options):
        has = _seen.get(article)
        if has is None:
            has = _seen[article] = _has_indent_char(article)
        if not has:
            return ()
        return self._check(el, article)

    def _check(self, el, article):
        node = _first_text(el)
        if node is None:
            return ()
        raw = node.raw
        lead = 0 if raw[0] not in " \t\r\n\f" else len(raw) - len(raw.lstrip(" \t\r\n\f"))
        if raw[lead] not in _STARTS:
            return ()  # most paragraphs: the text starts with a letter, no regex needed
        # Starting with U+3000, U+00A0 or a no-break-space reference, a match always holds one.
        m = _INDENT.match(raw, lead)
        if m is None or in_literal(el, article):
            return ()
        end = m.end()
        if end == len(raw) or raw[end] in _BLANK_OR_REF:
            # Only then can the paragraph be blank: a literal character after the indent is text.
            if el.is_blank():
                return ()
        start, end = node.start + m.start(), node.start + m.end()
        return (self.violation(article, start, end, f"<{el.tag}> indented with {_describe(m.group())}",
                               delete(start, end, "Remove the paragraph indent")),)


def _describe(indent: str) -> str:
    got = _DESCRIBED.get(indent)
    if got is None:
        got = _describe_new(indent)
        if len(_DESCRIBED) < 256:
            _DESCRIBED[indent] = got
    return got


def _describe_new(indent: str) -> str:
    n3000 = indent.count("\u3000")
    rest = len(_SPECIAL.findall(indent)) - n3000
    parts = []
    if n3000:
        parts.append(f"{n3000} ideographic space{'s' * (n3000 != 1)}")
    if rest:
        parts.append(f"{rest} no-break space{'s' * (rest != 1)}")
    return " and ".join(parts)


@hookimpl
def artlint_rules():
    return [ParagraphIndent()]
