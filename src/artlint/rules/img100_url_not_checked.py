"""A remote URL that online checking could not check in time.

## What it does
With online checking on (``--online``), reports image, cover and (with ``--online-links``) link URLs
that got no answer before the run's time budget (``online-timeout``) ran out.

## Why is this bad?
Nothing is known about these URLs: they may work or not. They are reported as a warning so a run that
ran out of time says so instead of passing silently; they are never reported as broken.

## Example
```html
<img alt="Chart" src="https://slow.example.com/chart.png">
```

## Use instead
```html
<img alt="Chart" src="https://example.com/chart.png">
```

## Options
None. Raise ``online-timeout`` (seconds, default 120) or run again: checked URLs come from the cache.

## Fix safety
No fix.
"""

from __future__ import annotations

from ..hookspecs import hookimpl
from ..online import UNCHECKED
from ..rule import Rule
from ..violation import Severity
from ._online import IMAGE_KINDS, checked, where


class UrlNotChecked(Rule):
    code = "IMG100"
    name = "url-not-checked"
    summary = "Remote URL not checked within the online budget"
    groups = ("images", "links", "online")
    severity = Severity.WARNING
    needs = frozenset({"online"})

    def check(self, article, options):
        return [self.violation(article, ref.start, ref.end, f"could not check {where(ref)} URL {ref.url}: "
                               f"{v.error or 'no answer in time'}")
                for ref, v in checked(article, (*IMAGE_KINDS, "link")) if v.state == UNCHECKED]


@hookimpl
def artlint_rules():
    return [UrlNotChecked()]
