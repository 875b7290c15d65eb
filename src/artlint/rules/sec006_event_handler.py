"""Remove event-handler attributes (``onclick``, ``onerror``, ``onload``, …).

## What it does
Reports every attribute whose name starts with ``on`` (``onclick``, ``onerror``, ``onmouseover``, …),
including valueless ones such as ZAKER's ``<div class="img_box" onclick>``, and removes it.

## Why is this bad?
An event handler is a script: ``<img src=x onerror=…>`` runs as soon as the page loads. Even an empty
``onclick`` left over from the source site's markup is dead weight the sanitizer has to strip anyway.

## Example
```html
<div class="img_box" id="id_imagebox_0" onclick><img src="https://zkres1.myzaker.com/a.jpg"></div>
```

## Use instead
```html
<div class="img_box" id="id_imagebox_0"><img src="https://zkres1.myzaker.com/a.jpg"></div>
```

## Options
None.

## Fix safety
Safe: only the attribute (and the space before it) is removed.
"""

from __future__ import annotations

from ..edits import Fix
from ..hookspecs import hookimpl
from ..rule import Rule
from ._sec import is_event_handler
from ._util import attr_removal


class EventHandler(Rule):
    code = "SEC006"
    name = "event-handler"
    summary = "Event-handler attribute (on*)"
    groups = ("security",)
    fix = "safe"
    tags = ("*",)

    def check_element(self, el, article, options):
        out = []
        for a in el.attrs:
            if a.name[:2] == "on" and is_event_handler(a.name):
                kind = "valueless " if a.value is None else ""
                fix = Fix([attr_removal(article.text, a, el.start)], "safe", f"Remove {a.name} attribute")
                out.append(self.violation(article, a.start, a.end, f"{kind}{a.name} handler on <{el.tag}>", fix))
        return out


@hookimpl
def artlint_rules():
    return [EventHandler()]
