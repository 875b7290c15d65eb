"""Remove script URLs: ``javascript:``, ``vbscript:`` and non-image ``data:`` in URL attributes.

## What it does
Reads every URL-bearing attribute (``href``, ``src``, ``action``, ``formaction``, ``xlink:href``,
``poster``, ``background``, ``data``, ``srcset``, ``cite``, … and ``to``/``values`` of SVG animations)
the way a browser does: character references decoded with the HTML attribute rules, leading and
trailing C0 controls and spaces stripped, ASCII tab and newline removed anywhere, scheme compared
case-insensitively. Reports and removes the attribute when the scheme is ``javascript:``, ``vbscript:``
(or another script scheme), or ``data:`` with anything but a picture (an SVG picture only where the
browser shows it as an image, in ``<img src>``). Also reports ``srcdoc`` (a whole document in an
attribute) and ``style`` values with ``expression(`` or a script URL.

## Why is this bad?
``<a href="javascript:…">`` runs script when clicked; ``<iframe src="data:text/html,…">`` loads an
attacker's page. Sanitizers differ on these: bleach lets ``href="javascript:123"`` through.

## Example
```html
<p><a href="  jav&#x09;ascript:alert(document.domain)">点击领取红包</a></p>
```

## Use instead
```html
<p><a href="https://www.ithome.com/">点击领取红包</a></p>
```

## Options
None.

## Fix safety
Safe: the attribute is removed; a link without ``href`` keeps its text.
"""

from __future__ import annotations

from ..edits import Fix
from ..hookspecs import hookimpl
from ..rule import Rule
from ._sec import unsafe_attr
from ._util import attr_removal


class UnsafeUrl(Rule):
    code = "SEC007"
    name = "unsafe-url"
    summary = "javascript:, vbscript: or non-image data: URL"
    groups = ("security",)
    fix = "safe"
    tags = ("*",)

    def check_element(self, el, article, options):
        out = []
        text = article.text
        for a in el.attrs:
            why = unsafe_attr(el, a, text)
            if why:
                fix = Fix([attr_removal(text, a, el.start)], "safe", f"Remove {a.name} attribute")
                out.append(self.violation(article, a.start, a.end, f"{a.name} on <{el.tag}>: {why}", fix))
        return out


@hookimpl
def artlint_rules():
    return [UnsafeUrl()]
