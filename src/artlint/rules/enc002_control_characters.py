"""Remove stray control characters.

## What it does
Reports C0 control characters other than tab, newline and carriage return (U+0000–U+001F), DEL
(U+007F) and C1 control characters (U+0080–U+009F) anywhere in the file, and removes them.

## Why is this bad?
Control characters are invisible in most editors, invalid in HTML and XML (an RSS or Atom feed with
one is rejected by feed readers), and break YAML front-matter. They come from copy and paste out of
Word or PDFs, and from text decoded with the wrong encoding (C1 characters are often Windows-1252
quotes read as Latin-1).

## Example
```html escapes
<p>正文\\x08</p>
```

## Use instead
```html
<p>正文</p>
```

## Options
None.

## Fix safety
Safe: only the control characters are removed. A C1 character that stood for a curly quote is lost
rather than guessed; check such files for ``encoding`` problems.
"""

from __future__ import annotations

import re

from ..edits import delete
from ..hookspecs import hookimpl
from ..rule import Rule

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]+")
_ANY_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
#: every byte but the control characters: deleting them leaves only the control characters
_NOT_CONTROL = bytes(b for b in range(256) if not _ANY_CONTROL.match(chr(b)))


def _may_have_control(text: str) -> bool:
    """False when the text has no control character. A regex tests a character class per character,
    slowly; the Latin-1 part of the text (where every control character is) is taken out by the
    encoder and filtered by ``bytes.translate``, both tight C loops."""
    return bool(text.encode("latin-1", "ignore").translate(None, _NOT_CONTROL))


class ControlCharacters(Rule):
    code = "ENC002"
    name = "control-characters"
    summary = "Stray control characters"
    groups = ("encoding",)
    fix = "safe"

    def check(self, article, options):
        text = article.text
        if not _may_have_control(text):
            return
        first = _ANY_CONTROL.search(text)  # a one-character class scans far faster than a run of them
        if first is None:
            return
        for m in _CONTROL.finditer(text, first.start()):
            chars = ", ".join(sorted({f"U+{ord(c):04X}" for c in m.group()}))
            yield self.violation(article, m.start(), m.end(), f"control character{'s' * (len(m.group()) > 1)} "
                                 f"{chars}", delete(m.start(), m.end(), "Remove control characters"))


@hookimpl
def artlint_rules():
    return [ControlCharacters()]
