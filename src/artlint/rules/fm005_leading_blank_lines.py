"""Front-matter must start on the first line.

## What it does
Reports blank lines (or lines of spaces) before the opening ``---`` / ``+++`` of the front-matter and
removes them.

## Why is this bad?
Jekyll reads front-matter only when ``---`` is the file's first line, and Hugo and many editors'
front-matter support do the same: with a blank line first the metadata is printed as text at the top
of the post and the post has no title, date or layout. Feed generators whose template starts with a
newline write such files by the thousand.

## Example
```markdown

---
title: 世界互联网大会落幕
---
<p>正文</p>
```

## Use instead
```markdown
---
title: 世界互联网大会落幕
---
<p>正文</p>
```

## Options
None.

## Fix safety
Safe: only the whitespace before the opening delimiter is removed; a byte-order mark stays.
"""

from __future__ import annotations

from ..edits import delete
from ..hookspecs import hookimpl
from ..rule import Rule


class LeadingBlankLines(Rule):
    code = "FM005"
    name = "leading-blank-lines"
    summary = "Blank lines before the front-matter"
    groups = ("front-matter",)
    fix = "safe"

    def check(self, article, options):
        fm = article.front_matter
        if fm is None or fm.start == 0:
            return
        n = article.text.count("\n", 0, fm.start)
        what = f"{n} blank line{'s' * (n != 1)}" if n else "whitespace"
        yield self.violation(article, 0, fm.start, f"{what} before the opening front-matter delimiter",
                             delete(0, fm.start, "Remove blank lines before the front-matter"))


@hookimpl
def artlint_rules():
    return [LeadingBlankLines()]
