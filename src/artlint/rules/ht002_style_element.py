"""Remove ``<style>`` blocks from the body.

## What it does
Reports every ``<style>`` element in the article body and removes it.

## Why is this bad?
A stylesheet inside an article applies to the whole page it is rendered into: scraped promo CSS
(``.appendQr_wrap``) or a 9 KB theme stylesheet restyles the site around the article. The generator's
escaping often breaks it anyway (``&#123;`` for ``{``).

## Example
```html
<style>.appendQr_wrap{border:1px solid #E6E6E6}</style>
<p>海量资讯、精准解读</p>
```

## Use instead
```html
<p>海量资讯、精准解读</p>
```

## Options
None.

## Fix safety
Safe: the element is removed from ``<style`` to ``</style>``; the whitespace around it stays (the
whitespace rules tidy it).
"""

from __future__ import annotations

from ..edits import delete
from ..hookspecs import hookimpl
from ..rule import Rule


class StyleElement(Rule):
    code = "HT002"
    name = "style-element"
    summary = "<style> block in the body"
    groups = ("html", "cleanup")
    fix = "safe"
    tags = ("style",)

    def check_element(self, el, article, options):
        size = el.end - el.start
        return (self.violation(article, el.start, el.end, f"<style> block in the body ({size} characters)",
                               delete(el.start, el.end, "Remove <style> block")),)


@hookimpl
def artlint_rules():
    return [StyleElement()]
