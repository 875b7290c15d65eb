"""Use one kind of line ending per file.

## What it does
Counts the file's line endings (``\\n``, ``\\r\\n`` and lone ``\\r``). When more than one kind occurs,
reports the first line ending of a minority kind and rewrites every minority line ending as the most
common one (``\\n`` on a tie).

## Why is this bad?
Mixed endings come from pasting between systems. Git shows whole files as changed, ``.gitattributes``
normalisation fights the editor, lone ``\\r`` breaks line counting in every tool, and a YAML parser may
read a front-matter key as part of the previous line.

## Example
```html escapes
<p>第一段</p>\\r\\n<p>第二段</p>
<p>第三段</p>
```

## Use instead
```html
<p>第一段</p>
<p>第二段</p>
```

## Options
None.

## Fix safety
Safe: only line-ending characters change, to the kind the file already uses most.
"""

from __future__ import annotations

import re

from ..edits import Edit, Fix
from ..hookspecs import hookimpl
from ..rule import Rule

_EOL = re.compile(r"\r\n|\r|\n")
_NAMES = {"\n": "LF", "\r\n": "CRLF", "\r": "CR"}


class MixedLineEndings(Rule):
    code = "ENC003"
    name = "mixed-line-endings"
    summary = "Mixed line endings"
    groups = ("encoding", "whitespace")
    fix = "safe"

    def check(self, article, options):
        text = article.text
        if "\r" not in text:
            return
        crlf = text.count("\r\n")
        cr = text.count("\r") - crlf
        lf = text.count("\n") - crlf
        counts = {"\n": lf, "\r\n": crlf, "\r": cr}
        if sum(1 for n in counts.values() if n) < 2:
            return
        main = max(counts, key=lambda k: (counts[k], k == "\n"))
        edits = [Edit(m.start(), m.end(), main) for m in _EOL.finditer(text) if m.group() != main]
        first = edits[0]
        summary = ", ".join(f"{n} {_NAMES[k]}" for k, n in counts.items() if n)
        yield self.violation(article, first.start, first.end,
                             f"mixed line endings ({summary}); the file mostly uses {_NAMES[main]}",
                             Fix(edits, "safe", f"Use {_NAMES[main]} line endings"))


@hookimpl
def artlint_rules():
    return [MixedLineEndings()]
