"""Remove inline ``style`` attributes.

## What it does
Reports every ``style`` attribute in the body and removes it (with the space before it).

## Why is this bad?
Inline styles come from the page an article was scraped from. They fight the site's own theme
(fixed widths, fonts, colours), break dark mode and responsive layouts, and bloat the file.

## Example
```html
<p style="text-align: center; color: #333">Quarterly results</p>
```

## Use instead
```html
<p>Quarterly results</p>
```

## Options
None.

## Fix safety
Safe: only the attribute is removed; the element and its text stay byte for byte.
"""

from __future__ import annotations

from ..hookspecs import hookimpl
from ..edits import Applicability, Fix
from ..rule import Rule
from ._util import attr_removal


class InlineStyle(Rule):
    code = "HT001"
    name = "inline-style"
    summary = "Inline style attribute"
    groups = ("html", "cleanup")
    fix = "safe"
    attributes = ("style",)

    def check_element(self, el, article, options):
        a = el.attr("style")
        if a is None:
            return ()
        fix = Fix([attr_removal(article.text, a, el.start)], Applicability.SAFE, "Remove style attribute")
        return (self.violation(article, a.start, a.end, f"inline style on <{el.tag}>", fix),)


@hookimpl
def artlint_rules():
    return [InlineStyle()]
