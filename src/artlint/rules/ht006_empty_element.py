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

import re

from ..edits import Applicability, Edit, Fix
from ..hookspecs import hookimpl
from ..html import Element, Text
from ..rule import Rule
from ..violation import Severity
from ._markup import in_literal, line_removal

BLOCK = frozenset("p div h1 h2 h3 h4 h5 h6 ul ol dl section article aside header footer blockquote figure "
                  "figcaption caption center address nav".split())
INLINE = frozenset("span font strong b em i u s small big strike sub sup mark label cite q abbr tt ins del "
                   "dfn var".split())
_WS = " \t\r\n\f\u00a0\u3000"
_VISIBLE = re.compile(r"[^ \t\r\n\f\u00a0\u3000]")


_TAGS = BLOCK | INLINE
# After a candidate's start tag (up to its first ">"): only spaces and no-break spaces, then a tag or the end.
# Characters ``_AFTER_START_TAG`` can match first: any other one rules the element out without a regex.
_LEAD = frozenset(" \t\r\n\f\u00a0\u3000&<")
_AFTER_START_TAG = re.compile(r"(?:[ \t\r\n\f\u00a0\u3000]|&nbsp;|&#160;|&#[xX][aA]0;)*(?=<|\Z)")


def _candidate(el: Element, text: str) -> bool:
    if el.tag not in _TAGS:
        return False
    if el.start_tag_end - el.start <= len(el.tag) + 3:
        return el.attr("id") is None and el.attr("name") is None
    # Neither name anywhere in the start tag: no such attribute, and nothing to parse.
    raw = text[el.start:el.start_tag_end]
    if "id" not in raw and "name" not in raw:
        low = raw.lower()
        if "id" not in low and "name" not in low:
            return True
    return el.attr("id") is None and el.attr("name") is None


def _hollow(el: Element, text: str, memo: dict) -> bool:
    """Whether ``el`` holds nothing visible; memoised so that nested elements cost linear time overall.

    ``memo`` maps element index to True/False; ``memo[-1 - index]`` records a hollow element holding a
    ``<br>``.
    """
    got = memo.get(el.index)
    if got is not None:
        return got
    m = _VISIBLE.search(text, el.content_start, el.content_end)
    if m is not None and text[m.start()] not in "<&" or not _candidate(el, text):
        memo[el.index] = False  # text right at the start is the common case, decided without a walk
        return False
    bad = None
    br = False
    # ``el.iter()`` unrolled: a generator step per node costs more than the test made on it.
    stack = el.children[::-1]
    while stack:
        node = stack.pop()
        if isinstance(node, Text):
            # Decoding entities (``node.text``) is only needed when the first non-blank character starts
            # one: any other character there is visible as written.
            rest = node.raw.lstrip(_WS)
            if rest and (rest[0] != "&" or node.text.strip(_WS)):
                bad = node
                break
        elif isinstance(node, Element):
            if node.tag == "br":
                br = True
            elif memo.get(node.index) is False or not _candidate(node, text):
                bad = node
                break
            if node.children:
                stack.extend(node.children[::-1])
        else:
            bad = node
            break
    if bad is None:
        memo[el.index] = True
        if br:
            memo[-1 - el.index] = True
        return True
    # Everything from the visible node up to ``el`` holds it: mark them all, once.
    p = bad if isinstance(bad, Element) and memo.get(bad.index) is False else bad.parent
    while p is not None and p is not el.parent and memo.get(p.index) is not False:
        memo[p.index] = False
        p = p.parent
    memo[el.index] = False
    return False


class EmptyElement(Rule):
    code = "HT006"
    name = "empty-element"
    summary = "Empty element (<p></p>, <p>　　</p>, empty spans)"
    groups = ("html", "cleanup")
    fix = "safe"
    severity = Severity.WARNING

    def check(self, article, options):
        text = article.text
        tree = article.html
        elements = tree.elements
        memo: dict = {}
        top: dict[int, int] = {}  # hollow element -> the outermost hollow element holding it
        # Only an element whose content starts with whitespace and then a tag (or ends) can be hollow:
        # the text after the first ">" of each candidate's start tag says so, and elements with text in
        # them cost no more.
        end = article.body_end
        find = text.find
        after = _AFTER_START_TAG.match
        lead = _LEAD
        for el in elements:
            if el.tag not in _TAGS:
                continue
            gt = find(">", el.start, end)
            if gt < 0 or (gt + 1 < end and text[gt + 1] not in lead) or after(text, gt + 1, end) is None:
                continue
            p = el.parent
            if p is not None and memo.get(p.index) is True and p.tag != "#root":
                memo[el.index] = True  # inside a hollow element (met first, in document order)
                top[el.index] = top.get(p.index, p.index)
                continue
            if not _hollow(el, text, memo):
                continue
            if p is not None and p.tag != "#root" and _hollow(p, text, memo) and \
                    not (p.tag in INLINE and memo.get(-1 - p.index)):
                top[el.index] = top.get(p.index, p.index)
                continue  # the parent is reported (and removed) as a whole
            top[el.index] = el.index
            if el.tag in INLINE and memo.get(-1 - el.index):
                continue  # an inline <br> holder: removing it would join two lines
            if in_literal(el, article):
                continue
            yield self._finding(el, article)

    def _finding(self, el, article):
        text = article.text
        keep = "" if el.tag in BLOCK else "".join(n.raw for n in el.iter() if isinstance(n, Text))
        if not keep:
            fix = Fix([line_removal(text, el.start, el.end, article.body_start, article.body_end)], Applicability.SAFE,
                      f"Remove empty <{el.tag}>")
        else:
            # Inline: keep the whitespace (it separates the words around it), drop every tag inside.
            fix = Fix([Edit(el.start, el.end, keep)], Applicability.SAFE, f"Unwrap empty <{el.tag}>")
        return self.violation(article, el.start, el.end, f"empty <{el.tag}>", fix)


@hookimpl
def artlint_rules():
    return [EmptyElement()]
