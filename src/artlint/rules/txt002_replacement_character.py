"""The replacement character U+FFFD (``�``) in the text.

## What it does
Reports every run of U+FFFD REPLACEMENT CHARACTER in the file.

## Why is this bad?
U+FFFD is what a decoder writes for bytes it could not read: the original characters are gone. It
shows up as ``�`` on the site, usually in the middle of a word or a number, and often marks a wider
encoding problem in the source the article came from.

## Example
```html
<p>2021年营收增长�%</p>
```

## Use instead
```html
<p>2021年营收增长12%</p>
```

## Options
None.

## Fix safety
No fix: the lost characters have to be taken from the original source.
"""

from __future__ import annotations

import re

from ..hookspecs import hookimpl
from ..rule import Rule
from ..violation import Severity

_FFFD = re.compile("\ufffd+")


class ReplacementCharacter(Rule):
    code = "TXT002"
    name = "replacement-character"
    summary = "Replacement character U+FFFD (lost text)"
    groups = ("text", "encoding")
    severity = Severity.WARNING

    def check(self, article, options):
        text = article.text
        if "\ufffd" not in text:
            return
        for m in _FFFD.finditer(text):
            n = m.end() - m.start()
            yield self.violation(article, m.start(), m.end(),
                                 f"{n} replacement character{'s' * (n != 1)} (U+FFFD): text lost in decoding")


@hookimpl
def artlint_rules():
    return [ReplacementCharacter()]
