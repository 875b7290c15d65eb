"""Source lines in the body (``来源：…``).

## What it does
Reports elements (or ``<br>``-separated lines) whose whole text is a source line: a label from the
``credit`` entries with ``key = "source"`` in the packs (``来源``, ``本文来源``, ``文章来源``, …), a
separator (``：``, ``:``, ``丨``, ``|``) and an outlet name of at most 40 characters. Captions such as
``图片来源：…`` or ``数据来源：…`` are not source lines.

## Why is this bad?
Syndicated articles name the outlet they were copied from in a line of body text
(``<p>　　来源：解放日报 </p>``, GameRes's ``<font color="#708090">来源：游研社</font>``). It is
metadata: templates can show it consistently, feeds and search can use it, when it lives in the
front-matter.

## Example
```markdown
---
title: 示例
---
<div><p cms-style="font-L">　　来源：解放日报 </p>
<p>　　正文。</p></div>
```

## Use instead
```markdown
---
title: 示例
source: 解放日报
---
<div>
<p>　　正文。</p></div>
```

## Options
- ``front-matter-key`` (string, default ``"source"``): the key the unsafe fix writes the outlet to.

## Fix safety
The safe fix removes the line (an inline element together with the ``<br>`` after it). With
``--unsafe-fixes`` the fix adds ``source: <outlet>`` before the closing front-matter delimiter and
removes the line; unsafe because the attribution then only shows if your templates print it. When the
key already exists the line is only removed.
"""

from __future__ import annotations

from ..hookspecs import hookimpl
from ..rule import Rule
from ._credit import credit_violations


class SourceLine(Rule):
    code = "AD003"
    name = "source-line"
    summary = "Source line in the body"
    groups = ("ads", "boilerplate")
    severity = "warning"
    fix = "both"
    options_schema = {
        "type": "object",
        "properties": {"front-matter-key": {"type": "string", "minLength": 1, "default": "source"}},
        "additionalProperties": False,
    }

    def check(self, article, options):
        return credit_violations(self, article, options, "source")


@hookimpl
def artlint_rules():
    return [SourceLine()]
