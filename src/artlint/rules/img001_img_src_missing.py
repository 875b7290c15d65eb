"""An ``<img>`` needs a non-empty ``src``.

## What it does
Reports ``<img>`` elements with no ``src`` attribute, a valueless one, or one that is empty or only
whitespace.

## Why is this bad?
The browser shows a broken-image icon (or nothing) and readers lose the picture. In scraped articles
this usually means the real URL sits in a lazy-load attribute (``data-src``, ``data-original``) that
needed the source site's JavaScript.

## Example
```html
<img alt="Chart" src="">
```

## Use instead
```html
<img alt="Chart" src="https://example.com/chart.png">
```

## Options
None.

## Fix safety
No fix here; ``img-lazy-load`` promotes a lazy-load URL when there is one.
"""

from __future__ import annotations

from ..hookspecs import hookimpl
from ..rule import Rule

_LAZY = ("data-src", "data-original", "data-lazy-src", "data-actualsrc")


class ImgSrcMissing(Rule):
    code = "IMG001"
    name = "img-src-missing"
    summary = "<img> without a src"
    groups = ("images",)
    tags = ("img",)

    def check_element(self, el, article, options):
        src = el.get("src")
        if src is not None and src.strip():
            return ()
        what = "no src attribute" if src is None else "an empty src"
        lazy = next((a for a in _LAZY if (el.get(a) or "").strip()), None)
        hint = f" (the URL is in {lazy})" if lazy else ""
        return (self.violation(article, el.start, el.start_tag_end, f"<img> has {what}{hint}"),)


@hookimpl
def artlint_rules():
    return [ImgSrcMissing()]
