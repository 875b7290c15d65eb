"""Placeholder text (lorem ipsum) left in an article.

## What it does
Reports every run of "lorem ipsum" in the body's text, in any letter case.

## Why is this bad?
Placeholder text means the article was published before it was written; readers see Latin filler.

## Example
```html
<p>Lorem ipsum dolor sit amet.</p>
```

## Use instead
```html
<p>The quarterly results are in.</p>
```

## Options
None.

## Fix safety
No fix: only the author knows the missing text.
"""

from __future__ import annotations

import re

from artlint import Rule, hookimpl

_LOREM = re.compile(r"lorem\s+ipsum", re.I)


class NoLoremIpsum(Rule):
    code = "X001"
    name = "no-lorem-ipsum"
    summary = "Placeholder lorem ipsum text"
    groups = ("example",)

    def check(self, article, options):
        for text in article.html.texts:
            for m in _LOREM.finditer(text.raw):
                yield self.violation(article, text.start + m.start(), text.start + m.end(),
                                     "placeholder text 'lorem ipsum'")


@hookimpl
def artlint_rules():
    return [NoLoremIpsum()]
