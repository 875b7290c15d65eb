"""Remove event-handler attributes (``onclick``, ``onerror``, ``onload``, …).

## What it does
Reports every attribute whose name starts with ``on`` (``onclick``, ``onerror``, ``onmouseover``, …),
including valueless ones such as ZAKER's ``<div class="img_box" onclick>``, and removes it.

## Why is this bad?
An event handler is a script: ``<img src=x onerror=…>`` runs as soon as the page loads. Even an empty
``onclick`` left over from the source site's markup is dead weight the sanitizer has to strip anyway.

## Example
```html
<div class="img_box" id="id_imagebox_0" onclick><img src="https://zkres1.myzaker.com/a.jpg"></div>
```

## Use instead
```html
<div class="img_box" id="id_imagebox_0"><img src="https://zkres1.myzaker.com/a.jpg"></div>
```

## Options
None.

## Fix safety
Safe: only the attribute (and the space before it) is removed.
"""

from __future__ import annotations

from ..edits import Applicability, Fix
from ..hookspecs import hookimpl
from ..rule import Rule
from ._sec import is_event_handler
from ._util import attr_removal


class EventHandler(Rule):
    code = "SEC006"
    name = "event-handler"
    summary = "Event-handler attribute (on*)"
    groups = ("security",)
    fix = "safe"

    def check_element(self, el, article, options):
        out = []
        for a in el.attrs:
            if a.name[:2] == "on" and is_event_handler(a.name):
                kind = "valueless " if a.value is None else ""
                fix = Fix([attr_removal(article.text, a, el.start)], Applicability.SAFE, f"Remove {a.name} attribute")
                out.append(self.violation(article, a.start, a.end, f"{kind}{a.name} handler on <{el.tag}>", fix))
        return out

    def check(self, article, options):
        # Only start tags with "on" where an attribute name can begin are read; the others' attributes
        # are never parsed.
        text = article.text
        for el in article.html.elements:
            if el.start_tag_end - el.start <= len(el.tag) + 3 and "\u0307" not in el.tag:
                # "<tag>", "<tag/>", "<tag >": no room for an attribute (a tag name lower-cases to its
                # own length, unless it holds "İ", which leaves a U+0307 behind)
                continue
            raw = text[el.start:el.start_tag_end]
            if ("on" in raw or "ON" in raw or "On" in raw or "oN" in raw) and _name_starts_on(raw.lower()):
                found = self.check_element(el, article, options)
                if found:
                    yield from found


#: what the attribute parser (``html._ATTR``) can have just before a name: a character it skips
#: (whitespace as Python's ``\s`` reads it, "/", ">") or the quote that closed the previous value
_NAME_BEFORE = frozenset("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
                         "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000/>\"'")


def _name_starts_on(low: str) -> bool:
    """Whether the lower-cased start tag has "on" where an attribute name can begin. An ``on…`` name
    is written [oO][nN] (no other character lower-cases to either), and lower-casing maps none of the
    characters before a name to another."""
    i = low.find("on", 1)
    while i >= 0:
        if low[i - 1] in _NAME_BEFORE:
            return True
        i = low.find("on", i + 1)
    return False


@hookimpl
def artlint_rules():
    return [EventHandler()]
