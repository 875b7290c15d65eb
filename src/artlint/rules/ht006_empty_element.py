"""Remove empty paragraphs, spans and other elements with nothing in them.

## What it does
Reports elements that hold nothing a reader sees: no text but whitespace (spaces, ``&nbsp;``,
ideographic spaces), no comments, and no elements other than empty ones (and ``<br>`` in block
elements). Block elements (``<p>``, ``<div>``, headings, lists, …) are removed, with their line when
they stand alone on it; inline elements (``<span>``, ``<font>``, ``<strong>``, …) are unwrapped, so
whitespace inside them still separates the words around them. Only the outermost empty element is
reported.

Kept on purpose: elements with an ``id`` or ``name`` (link targets), links (see the link rules),
table cells, void elements (``<br>``, ``<img>``, …), elements that hold a comment (``<!-- more -->``)
and anything inside ``<pre>``, ``<code>`` or ``<svg>``.

## Why is this bad?
Empty ``<p></p>``, ``<p>　　</p>`` and empty caption spans (``<span class="img_descr"></span>``) are
left over from the source's editor and templates. They add random vertical gaps and turn into blank
lines in feeds and excerpts.

## Example
```html
<p>第一段</p>
<p>　　</p>
<p>第二段<span class="img_descr"></span></p>
```

## Use instead
```html
<p>第一段</p>
<p>第二段</p>
<div id="recommend_bottom"></div>
```

## Options
None.

## Fix safety
Safe: an empty block holds nothing but whitespace and ``<br>``, and an unwrapped inline element keeps
its whitespace, so the words around it stay apart. A blank ``<p><br></p>`` used as a spacer is
removed: the theme's paragraph spacing takes over.
"""

from __future__ import annotations

import weakref

from ..edits import Fix
from ..hookspecs import hookimpl
from ..html import Comment, Element, Text
from ..rule import Rule
from ..violation import Severity
from ._markup import in_literal, line_removal, unwrap

BLOCK = frozenset("p div h1 h2 h3 h4 h5 h6 ul ol dl section article aside header footer blockquote figure "
                  "figcaption caption center address nav".split())
INLINE = frozenset("span font strong b em i u s small big strike sub sup mark label cite q abbr tt ins del "
                   "dfn var".split())
_WS = " \t\r\n\f\u00a0\u3000"
_cache: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _candidate(el: Element) -> bool:
    return (el.tag in BLOCK or el.tag in INLINE) and el.attr("id") is None and el.attr("name") is None


def _hollow(tree) -> tuple[set[int], set[int]]:
    """Indexes of hollow elements and of those holding a ``<br>``; one bottom-up pass, no recursion."""
    got = _cache.get(tree)
    if got is not None:
        return got
    hollow: set[int] = set()
    has_br: set[int] = set()
    for el in reversed(tree.elements):
        if not _candidate(el):
            continue
        ok = True
        br = False
        for ch in el.children:
            if isinstance(ch, Text):
                if ch.text.strip(_WS):
                    ok = False
                    break
            elif isinstance(ch, Comment):
                ok = False
                break
            elif isinstance(ch, Element):
                if ch.tag == "br":
                    br = True
                elif ch.index in hollow:
                    br = br or ch.index in has_br
                else:
                    ok = False
                    break
        if ok:
            hollow.add(el.index)
            if br:
                has_br.add(el.index)
    _cache[tree] = (hollow, has_br)
    return hollow, has_br


class EmptyElement(Rule):
    code = "HT006"
    name = "empty-element"
    summary = "Empty element (<p></p>, <p>　　</p>, empty spans)"
    groups = ("html", "cleanup")
    fix = "safe"
    severity = Severity.WARNING
    tags = tuple(sorted(BLOCK | INLINE))

    def check_element(self, el, article, options):
        hollow, has_br = _hollow(article.html)
        if el.index not in hollow or (el.tag in INLINE and el.index in has_br):
            return ()
        p = el.parent
        if p is not None and p.tag != "#root" and p.index in hollow and \
                not (p.tag in INLINE and p.index in has_br):
            return ()  # the parent is reported and removed as a whole
        if in_literal(el, article):
            return ()
        text = article.text
        if el.tag in BLOCK or el.content_start == el.content_end:
            fix = Fix([line_removal(text, el.start, el.end, article.body_start, article.body_end)], "safe",
                      f"Remove empty <{el.tag}>")
        else:
            fix = Fix(unwrap(el), "safe", f"Unwrap empty <{el.tag}>")
        return (self.violation(article, el.start, el.end, f"empty <{el.tag}>", fix),)


@hookimpl
def artlint_rules():
    return [EmptyElement()]
