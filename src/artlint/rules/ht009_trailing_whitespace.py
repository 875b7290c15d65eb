"""Strip trailing whitespace from the lines of the body.

## What it does
Reports spaces and tabs at the end of lines in an HTML body and removes them. Lines inside
``<pre>``, ``<textarea>``, ``<script>``, ``<style>``, comments and multi-line tags are left alone,
and so is the end of the file (``final-newline`` handles that).

## Why is this bad?
Trailing whitespace is invisible noise: it shows up as changed lines in every diff, trips
pre-commit hooks and editors, and in Markdown two trailing spaces are a hard line break.

## Example
```html
<div>   
<p>正文</p>
</div>
```

## Use instead
```html
<div>
<p>正文</p>
</div>
```

## Options
None.

## Fix safety
Safe in HTML bodies, where whitespace at a line end is collapsed by the browser anyway. The rule does
not run on Markdown bodies, where two trailing spaces are a line break.
"""

from __future__ import annotations

from ..edits import delete
from ..hookspecs import hookimpl
from ..rule import Rule
from ._markup import content_end, in_tag, is_protected, protected_spans


def _trailing(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of spaces and tabs before a line break in ``text[start:end]``, in order.

    Literal searches (C speed) find the few lines that have any; a regex that may start at every
    space of the body costs as much as parsing it. Two-character needles take the slow search path
    while one character is a memchr: most bodies have no tab and no CR, which rules out three of the
    four endings for the price of two memchrs.
    """
    endings = [" \n"]
    tab = text.find("\t", start, end) >= 0
    if tab:
        endings.append("\t\n")
    if text.find("\r", start, end) >= 0:
        endings.append(" \r\n")
        if tab:
            endings.append("\t\r\n")
    find = text.find
    found = []
    for ending in endings:
        i = find(ending, start, end)
        while i >= 0:
            s = i
            while s > start and text[s - 1] in " \t":
                s -= 1
            found.append((s, i + 1))  # endings differ in the character at i or i + 1: no duplicates
            i = find(ending, i + 1, end)
    if len(endings) > 1:
        found.sort()
    return found


class TrailingWhitespace(Rule):
    code = "HT009"
    name = "trailing-whitespace"
    summary = "Trailing whitespace in the body"
    groups = ("html", "cleanup", "whitespace")
    fix = "safe"
    body_kinds = frozenset(("html",))

    def check(self, article, options):
        text = article.text
        limit = content_end(text, article.body_end)
        spans = None
        for s, e in _trailing(text, article.body_start, limit):
            if spans is None:
                spans = protected_spans(article)
            # After a ">" the run cannot be inside a tag: only spaces lie between them.
            if is_protected(spans, s) or text[s - 1] != ">" and in_tag(text, s, article.body_start):
                continue
            yield self.violation(article, s, e, "trailing whitespace",
                                 delete(s, e, "Remove trailing whitespace"))


@hookimpl
def artlint_rules():
    return [TrailingWhitespace()]
