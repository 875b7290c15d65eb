"""Editor credit lines in the body (``责任编辑：…``).

## What it does
Reports elements (or ``<br>``-separated lines) whose whole text is an editor credit: a label from the
``credit`` entries with ``key = "editor"`` in the packs (``责任编辑``, ``编辑``, ``本文编辑``, …), a
separator (``：``, ``:``, ``丨``, ``|``) and a name of at most 40 characters.

## Why is this bad?
The credit names the source site's desk editor, not anyone on your site. Every Sina finance article
ends with one (``<p class="article-editor">责任编辑：王珊珊 </p>``); it is metadata shown as text.

## Example
```markdown
---
title: 示例
---
<div><p>　　正文。</p>
<p class="article-editor">责任编辑：王珊珊 </p>
</div>
```

## Use instead
```markdown
---
title: 示例
editor: 王珊珊
---
<div><p>　　正文。</p>
</div>
```

## Options
- ``front-matter-key`` (string, default ``"editor"``): the key the unsafe fix writes the name to.

## Fix safety
The safe fix removes the credit element (an inline one together with the ``<br>`` after it). With
``--unsafe-fixes`` the fix instead adds ``editor: <name>`` as a new line before the closing ``---`` (or
``+++``) and removes the credit; it is unsafe because it changes the front-matter your templates read.
When the key already exists the credit is only removed. Everything else stays byte for byte.
"""

from __future__ import annotations

from ..hookspecs import hookimpl
from ..rule import Rule
from ._credit import credit_violations


class EditorCredit(Rule):
    code = "AD002"
    name = "editor-credit"
    summary = "Editor credit line in the body"
    groups = ("ads", "boilerplate")
    severity = "warning"
    fix = "both"
    options_schema = {
        "type": "object",
        "properties": {"front-matter-key": {"type": "string", "minLength": 1, "default": "editor"}},
        "additionalProperties": False,
    }

    def check(self, article, options):
        return credit_violations(self, article, options, "editor")


@hookimpl
def artlint_rules():
    return [EditorCredit()]
