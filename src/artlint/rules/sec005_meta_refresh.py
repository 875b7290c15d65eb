"""Remove ``<meta http-equiv="refresh">`` from the body.

## What it does
Reports ``<meta>`` elements whose ``http-equiv`` is ``refresh`` (any case, surrounding spaces
ignored) and removes them.

## Why is this bad?
A refresh in the body sends the reader to another address after a delay, without a click: a redirect
to a phishing or ad page, or to a ``javascript:`` URL in older browsers.

## Example
```html
<meta http-equiv="Refresh" content="0; url=https://evil.example/"><p>正文</p>
```

## Use instead
```html
<p>正文</p>
```

## Options
None.

## Fix safety
Safe: the void element is removed; nothing else changes.
"""

from __future__ import annotations

from ..edits import delete
from ..hookspecs import hookimpl
from ..rule import Rule
from ._sec import is_meta_refresh


class MetaRefresh(Rule):
    code = "SEC005"
    name = "meta-refresh"
    summary = "<meta http-equiv=refresh> in the body"
    groups = ("security",)
    fix = "safe"
    tags = ("meta",)

    def check_element(self, el, article, options):
        if not is_meta_refresh(el):
            return ()
        content = (el.get("content") or "")[:60]
        return (self.violation(article, el.start, el.start_tag_end, f"meta refresh redirects ({content!r})",
                               delete(el.start, el.end, "Remove meta refresh")),)


@hookimpl
def artlint_rules():
    return [MetaRefresh()]
