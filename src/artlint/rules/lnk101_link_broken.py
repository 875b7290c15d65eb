"""A link whose target does not answer.

## What it does
With online checking of links on (``--online-links``), reports ``<a href>`` URLs that answer 4xx or
5xx, whose host does not resolve or refuses the connection, or that time out after the retries.

## Why is this bad?
Readers following the link land on an error page. Links in scraped news rot quickly.

## Example
```html
<p>See <a href="https://example.com/removed-story">the report</a>.</p>
```

## Use instead
```html
<p>See <a href="https://example.com/story">the report</a>.</p>
```

## Options
None.

## Fix safety
No fix: point the link at an archived copy or remove it.
"""

from __future__ import annotations

from ..hookspecs import hookimpl
from ..online import BROKEN
from ..rule import Rule
from ._online import checked


class LinkBroken(Rule):
    code = "LNK101"
    name = "link-broken"
    summary = "Link target is broken"
    groups = ("links", "online")
    needs = frozenset({"online"})

    def check(self, article, options):
        return [self.violation(article, ref.start, ref.end, f"link is broken ({v.describe()}): {ref.url}")
                for ref, v in checked(article, ("link",)) if v.state == BROKEN]


@hookimpl
def artlint_rules():
    return [LinkBroken()]
