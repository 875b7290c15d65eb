"""A file ends with exactly one newline.

## What it does
Reports a file whose last line has no newline, ends in spaces, or is followed by blank lines, and
replaces that tail with a single newline (``\\r\\n`` in a file that uses CRLF).

## Why is this bad?
POSIX tools expect a final newline (``cat`` glues the next file on, ``wc -l`` miscounts), diffs show
``\\ No newline at end of file`` and every editor that adds one makes a spurious change. Trailing
spaces and blank lines at the end are invisible noise of the same kind.

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
Safe: only whitespace after the last visible character is touched.
"""

from __future__ import annotations

from ..edits import replace
from ..hookspecs import hookimpl
from ..rule import Rule
from ._markup import content_end


class FinalNewline(Rule):
    code = "HT010"
    name = "final-newline"
    summary = "File does not end with exactly one newline"
    groups = ("html", "cleanup", "whitespace")
    fix = "safe"

    def check(self, article, options):
        text = article.text
        end = len(text)
        start = content_end(text, end)
        if start == 0:
            return  # an empty or whitespace-only file has nothing to end
        tail = text[start:]
        nl = article.newline
        if tail == nl:
            return
        if tail in ("\n", "\r\n"):
            return  # mixed line endings are their own finding
        if not tail.endswith("\n"):
            last = len(tail) - tail.rfind("\n") - 1
            what = "no newline at end of file" + (f" (the last line is {last} blanks)" if "\n" in tail else
                                                  f" (it ends with {last} blanks)" if last else "")
        elif tail.count("\n") > 1:
            what = "blank lines at end of file"
        else:
            what = "trailing whitespace on the last line"
        yield self.violation(article, start, end, what, replace(start, end, nl, "End the file with one newline"))


@hookimpl
def artlint_rules():
    return [FinalNewline()]
