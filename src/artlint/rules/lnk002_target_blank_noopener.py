"""A link that opens a new tab without ``rel="noopener"``.

## What it does
Reports ``<a>`` and ``<area>`` elements with ``target="_blank"`` whose ``rel`` contains neither
``noopener`` nor ``noreferrer``, and adds ``noopener`` to ``rel`` (creating the attribute when it is
missing).

## Why is this bad?
The opened page gets a handle on the article's tab (``window.opener``) and can navigate it elsewhere
("tab-nabbing"), and in older browsers it runs in the same process. Current browsers imply
``noopener`` for ``target="_blank"``, but feed readers, webviews and older browsers do not; scraped
articles carry hundreds of such links (36kr's project links).

## Example
```html
<p><a class="project-link" href="https://36kr.com/projectDetails/3968527" target="_blank">微信</a></p>
```

## Use instead
```html
<p><a class="project-link" href="https://36kr.com/projectDetails/3968527" target="_blank" rel="noopener">微信</a></p>
```

## Options
None.

## Fix safety
Safe: ``noopener`` only cuts the new tab's handle on the article's tab; the link, its text and its other
``rel`` values (``nofollow``, ``sponsored``) stay.
"""

from __future__ import annotations

import re

from ..edits import Applicability, Edit, Fix
from ..hookspecs import hookimpl
from ..rule import Rule
from ..violation import Severity
from . import _urls

_TOKENS = re.compile(r"[^\s]+")


class TargetBlankNoopener(Rule):
    code = "LNK002"
    name = "target-blank-noopener"
    summary = "target=_blank without rel=noopener"
    groups = ("links", "security")
    severity = Severity.WARNING
    fix = "safe"
    attributes = ("target",)

    def check_element(self, el, article, options):
        if el.tag not in ("a", "area"):
            return ()
        target = el.attr("target")
        if target is None or (target.value or "").strip().lower() != "_blank":
            return ()
        text = article.text
        rel = el.attr("rel")
        if rel is None:
            at = el.attrs[-1].end
            edit = Edit(at, at, ' rel="noopener"')
        else:
            raw = _urls.raw(text, rel)
            if _urls.has_template(raw):
                return ()
            tokens = {t.lower() for t in _TOKENS.findall(rel.value or "")}
            if tokens & {"noopener", "noreferrer"}:
                return ()
            if rel.value is None:
                edit = Edit(rel.start, rel.end, 'rel="noopener"')
            elif not rel.quote:
                edit = Edit(rel.value_start, rel.value_end, f'"{raw} noopener"')
            elif not raw.strip():
                edit = Edit(rel.value_start, rel.value_end, "noopener")
            else:
                end = rel.value_start + len(raw.rstrip())
                edit = Edit(end, end, " noopener")
        return (self.violation(article, target.start, target.end, 'target="_blank" without rel="noopener"',
                               Fix([edit], Applicability.SAFE, "Add noopener to rel")),)


@hookimpl
def artlint_rules():
    return [TargetBlankNoopener()]
