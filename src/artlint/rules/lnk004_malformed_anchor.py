"""A link that is broken as markup: nested in another link, or with an ``href`` that is not a URL.

## What it does
Reports ``<a>`` elements that sit inside another ``<a>``, and ``href`` values that cannot be a URL as
written: containing ``<``, ``>`` or ``"`` (a tag pasted into the attribute, as in the Dockone spam
post's ``<a href="<a href="https://…%22" rel="nofollow">``), or whitespace inside the address.
Leading or trailing whitespace is reported too, with a fix.

## Why is this bad?
Browsers do not nest links: they close the outer one where the inner one starts, so the text ends up
split between two links or outside both, and the leftover pieces of a pasted tag show up as text.
An ``href`` holding markup leads to a 404 on the linking site; scrapers and Markdown converters
mangle such links further. These are signs of a broken scrape or injected spam, worth an editor's look.

## Example
```html
<p><a href="<a href="https://infogram.com/ormorton-1hnp27mmlwk3n2g%22" rel="nofollow" target="_blank">https://infogram.com/ormorton-1hnp27mmlwk3n2g</a></p>
```

## Use instead
```html
<p><a href="https://infogram.com/ormorton-1hnp27mmlwk3n2g" rel="nofollow" target="_blank">https://infogram.com/ormorton-1hnp27mmlwk3n2g</a></p>
```

## Options
None.

## Fix safety
Safe for leading or trailing whitespace only: it is removed, which is what browsers do when they
follow the link. Everything else is reported without a fix: what the link was meant to be cannot be
told from the markup.
"""

from __future__ import annotations

import re

from ..edits import Applicability, Edit, Fix
from ..hookspecs import hookimpl
from ..rule import Rule
from ..violation import Severity
from . import _urls

_MARKUP = re.compile(r'[<>"]')
_INNER_SPACE = re.compile(r"\S\s+\S")
_EDGE = " \t\n\r\f"
_MAX_DEPTH = 64  # nested links sit close together; a bound keeps deep documents linear


class MalformedAnchor(Rule):
    code = "LNK004"
    name = "malformed-anchor"
    summary = "Nested link or href that is not a URL"
    groups = ("links",)
    severity = Severity.WARNING
    fix = "safe"
    tags = ("a",)

    def check_element(self, el, article, options):
        out = []
        parent, depth = el.parent, 0
        while parent is not None and depth < _MAX_DEPTH:
            if parent.tag == "a":
                out.append(self.violation(article, el.start, el.start_tag_end,
                                          "link nested inside another link (browsers split them apart)"))
                break
            parent, depth = parent.parent, depth + 1
        href = el.attr("href")
        if href is None or not href.value:
            return out
        text = article.text
        raw = _urls.raw(text, href)
        if _urls.has_template(raw):
            return out
        value = href.value
        # The raw text, not the decoded value: "&lt;" is someone escaping on purpose, not a pasted tag.
        if _MARKUP.search(raw):
            out.append(self.violation(article, href.start, href.end, "href contains markup (<, > or \")"))
        elif _INNER_SPACE.search(value.strip(_EDGE)):
            out.append(self.violation(article, href.start, href.end, "href contains whitespace"))
        elif value != value.strip(_EDGE) and value.strip(_EDGE):
            lead = len(raw) - len(raw.lstrip(_EDGE))
            trail = len(raw) - len(raw.rstrip(_EDGE))
            edits = []
            if lead:
                edits.append(Edit(href.value_start, href.value_start + lead, ""))
            if trail:
                edits.append(Edit(href.value_end - trail, href.value_end, ""))
            out.append(self.violation(article, href.start, href.end, "href has surrounding whitespace",
                                      Fix(edits, Applicability.SAFE, "Trim the href") if edits else None))
        return out


@hookimpl
def artlint_rules():
    return [MalformedAnchor()]
