"""Collapse runs of blank lines in the body.

## What it does
Reports two or more consecutive blank lines (empty or only spaces and tabs) in an HTML body and
deletes all but the first. Blank lines inside ``<pre>``, ``<textarea>``, ``<script>``, ``<style>``,
comments and multi-line tags are left alone, and so is the end of the file (``final-newline``
handles that).

## Why is this bad?
Runs of blank lines are what is left of removed template blocks (``<!-- 正文下iframe -->`` and
friends). They make diffs and reviews noisy, and in a Markdown renderer four spaces after a blank
line turn the next HTML into a code block.

## Example
```html
<p>正文</p>



<p>更多</p>
```

## Use instead
```html
<p>正文</p>

<p>更多</p>
```

## Options
None.

## Fix safety
Safe: only whitespace-only lines are removed, and one blank line is kept where there were several.
Runs in Markdown bodies are left alone (a fenced code block's blank lines are its content).
"""

from __future__ import annotations

import re

from ..edits import delete
from ..hookspecs import hookimpl
from ..rule import Rule
from ._markup import content_end, in_tag, is_protected, protected_spans

# A line end, then one blank line (kept), then the extra blank lines (group 1).
_RUN = re.compile(r"\n[ \t]*\r?\n((?:[ \t]*\r?\n)+)")


class BlankLines(Rule):
    code = "HT008"
    name = "blank-lines"
    summary = "Run of blank lines in the body"
    groups = ("html", "cleanup", "whitespace")
    fix = "safe"
    body_kinds = frozenset(("html",))

    def check(self, article, options):
        text = article.text
        limit = content_end(text, article.body_end)
        if limit <= article.body_start:
            return
        spans = None
        for m in _RUN.finditer(text, max(article.body_start - 1, 0), limit):
            s, e = m.span(1)
            if spans is None:
                spans = protected_spans(article)
            if is_protected(spans, s) or is_protected(spans, e - 1) or in_tag(text, s, article.body_start):
                continue
            n = m.group(1).count("\n") + 1
            yield self.violation(article, s, e, f"{n} blank lines in a row",
                                 delete(s, e, "Collapse blank lines"))


@hookimpl
def artlint_rules():
    return [BlankLines()]
