"""An image URL that does not answer with an image.

## What it does
With online checking on (``--online``), reports ``<img>``/``<source>`` ``src``/``srcset`` URLs and
front-matter cover images (``thumbnail``, ``headimg``, ``cover``) that answer 4xx or 5xx, whose host
does not resolve or refuses the connection, or that time out after the retries.

## Why is this bad?
Readers see a broken-image icon. Scraped articles keep pointing at images long after the source site
moved or deleted them.

## Example
```html
<img alt="Chart" src="https://example.com/gone.png">
```

## Use instead
```html
<img alt="Chart" src="https://example.com/chart.png">
```

## Options
None. The engine's ``online-*`` settings control the checking (timeouts, retries, cache lifetimes).

## Fix safety
No fix: only a person knows where the picture went. Download a copy while it still works.
"""

from __future__ import annotations

from ..hookspecs import hookimpl
from ..online import BROKEN
from ..rule import Rule
from ._online import IMAGE_KINDS, checked, where


class ImgUrlBroken(Rule):
    code = "IMG101"
    name = "img-url-broken"
    summary = "Image URL is broken"
    groups = ("images", "online")
    needs = frozenset({"online"})

    def check(self, article, options):
        return [self.violation(article, ref.start, ref.end, f"{where(ref)} URL is broken ({v.describe()}): "
                               f"{ref.url}")
                for ref, v in checked(article, IMAGE_KINDS) if v.state == BROKEN]


@hookimpl
def artlint_rules():
    return [ImgUrlBroken()]
