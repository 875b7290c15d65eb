"""A remote URL that moved for good (permanent redirect).

## What it does
With online checking on (``--online``), reports image, cover and (with ``--online-links``) link URLs
whose first answer is a permanent redirect (301 or 308), and offers the URL the permanent redirects
lead to. Temporary redirects (302, 303, 307) are normal for CDNs and are not reported.

## Why is this bad?
Every reader pays an extra round trip, and the old address may stop redirecting one day.

## Example
```html
<img alt="Chart" src="http://example.com/old/chart.png">
```

## Use instead
```html
<img alt="Chart" src="https://example.com/chart.png">
```

## Options
None.

## Fix safety
Unsafe: the fix rewrites the URL to the redirect's target (quoted and escaped as the old value was).
The target is what the server says today; a redirect to a generic page (a home page, a "not found"
image) is a move nobody wants, so review the change.
"""

from __future__ import annotations

from ..edits import Fix
from ..hookspecs import hookimpl
from ..rule import Rule
from ..violation import Severity
from ._online import IMAGE_KINDS, checked, url_edit, where


class UrlRedirected(Rule):
    code = "IMG104"
    name = "url-redirected"
    summary = "URL permanently redirected"
    groups = ("images", "links", "online")
    severity = Severity.WARNING
    fix = "unsafe"
    needs = frozenset({"online"})

    def check(self, article, options):
        out = []
        for ref, v in checked(article, (*IMAGE_KINDS, "link")):
            target = v.permanent_target
            if not target or not v.served or target == ref.url:
                continue
            edit = url_edit(article, ref, target)
            fix = Fix([edit], "unsafe", "Use the redirect's target") if edit else None
            msg = f"{where(ref)} URL {ref.url} permanently redirected ({v.redirects[0][0]}) to {target}"
            out.append(self.violation(article, ref.start, ref.end, msg, fix))
        return out


@hookimpl
def artlint_rules():
    return [UrlRedirected()]
