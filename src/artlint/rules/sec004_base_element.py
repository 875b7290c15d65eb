"""Remove ``<base>`` elements from the body.

## What it does
Reports every ``<base>`` element in the body and removes it.

## Why is this bad?
``<base href>`` changes the address every relative link and image on the page resolves against, the
site's own navigation included: one line in a scraped article can send every click to another host.
``<base target>`` changes where every link opens.

## Example
```html
<base href="https://evil.example/"><p><a href="/about">关于我们</a></p>
```

## Use instead
```html
<p><a href="/about">关于我们</a></p>
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


class BaseElement(Rule):
    code = "SEC004"
    name = "base-element"
    summary = "<base> element in the body"
    groups = ("security",)
    fix = "safe"
    tags = ("base",)

    def check_element(self, el, article, options):
        href = el.get("href")
        what = f"<base href={href[:60]!r}>" if href is not None else "<base>"
        return (self.violation(article, el.start, el.start_tag_end, f"{what} changes every relative URL",
                               delete(el.start, el.end, "Remove <base> element")),)


@hookimpl
def artlint_rules():
    return [BaseElement()]
