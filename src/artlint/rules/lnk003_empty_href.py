"""A link that goes nowhere: no ``href``, an empty one, or just ``#``.

## What it does
Reports ``<a>`` elements with an ``href`` that is empty, valueless or only ``#``, and ``<a>`` elements
with no ``href`` at all unless they carry a ``name`` or ``id`` (those are anchors: link targets, not
links). ``javascript:`` links are the unsafe-markup rules' business.

In a Markdown body, ``[text]()`` and ``[text](#)`` are reported too.

## Why is this bad?
In a scraped article such links are leftovers of the source page's scripts (share buttons, photo
galleries, "read more" toggles): readers click and nothing happens, or the page jumps to the top.
Screen readers announce them as links all the same.

## Example
```html
<p><a href="#">查看原文</a></p>
```

## Use instead
```html
<p><a href="https://finance.sina.com.cn/roll/index.d.html">查看原文</a></p>
<p><a id="section-2"></a>第二部分</p>
```

## Options
None.

## Fix safety
No fix: unwrapping the link would keep the text but lose the hint that a link belonged there; an editor
decides whether to restore the address or drop the link.
"""

from __future__ import annotations

from ..hookspecs import hookimpl
from ..rule import Rule
from ..violation import Severity
from . import _urls


class EmptyHref(Rule):
    code = "LNK003"
    name = "empty-href"
    summary = "Link with no destination"
    groups = ("links",)
    severity = Severity.WARNING
    tags = ("a",)

    def check_element(self, el, article, options):
        href = el.attr("href")
        if href is None:
            if el.has("name") or el.has("id"):
                return ()
            what = "no href"
        else:
            value = (href.value or "").strip()
            if value == "#":
                what = 'href="#"'
            elif not value:
                what = "an empty href"
            else:
                return ()
        return (self.violation(article, el.start, el.start_tag_end, f"link has {what}"),)

    def check(self, article, options):
        for ref in _urls.markdown_refs(article, "links"):
            if ref.url_start is None:
                continue  # a reference link: its definition is elsewhere
            value = (ref.url or "").strip()
            if value in ("", "#"):
                what = 'destination "#"' if value else "an empty destination"
                yield self.violation(article, ref.start, ref.end, f"Markdown link has {what}")


@hookimpl
def artlint_rules():
    return [EmptyHref()]
