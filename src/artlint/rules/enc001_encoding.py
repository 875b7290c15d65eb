"""Files must be UTF-8 (and must not claim another encoding).

## What it does
A file that is not valid UTF-8 is detected when it is read: ``artlint check`` stops on it with one
line naming the file and the legacy encoding it looks like (GB18030/GBK, Big5, Shift-JIS, …, guessed
by charset-normalizer), exit status 2. ``artlint fix --unsafe-fixes`` transcodes such a file to UTF-8
and then applies the other fixes.

In a UTF-8 file, the rule reports a ``<meta charset>`` (or ``http-equiv="Content-Type"``) in the body
that declares another encoding, and removes it.

## Why is this bad?
Static-site generators read sources as UTF-8: a GBK article fails the build or turns into mojibake
on the site. A stray ``<meta charset="gb2312">`` copied from the source page contradicts the real
encoding and can make a browser or feed reader decode the page wrongly.

## Example
```html
<meta charset="gb2312">
<p>正文</p>
```

## Use instead
```html
<p>正文</p>
```

## Options
None.

## Fix safety
Transcoding is unsafe: the encoding is a statistical guess, so it needs ``--unsafe-fixes``; review the
result (``git diff`` shows the text, now readable). Removing a wrong ``<meta charset>`` is safe: in an
article body it does nothing but mislead.
"""

from __future__ import annotations

import re

from ..hookspecs import hookimpl
from ..rule import Rule
from ._markup import line_removal
from ..edits import Fix

_CHARSET = re.compile(r"charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)
_UTF8 = frozenset(("utf-8", "utf8"))


class Encoding(Rule):
    code = "ENC001"
    name = "encoding"
    summary = "File not UTF-8, or declaring another encoding"
    groups = ("encoding",)
    fix = "both"
    tags = ("meta",)

    def check_element(self, el, article, options):
        declared = el.get("charset")
        if declared is None and (el.get("http-equiv") or "").strip().lower() == "content-type":
            m = _CHARSET.search(el.get("content") or "")
            declared = m.group(1) if m else None
        if declared is None or declared.strip().lower() in _UTF8:
            return ()
        fix = Fix([line_removal(article.text, el.start, el.end, article.body_start, article.body_end)], "safe",
                  "Remove the charset declaration")
        return (self.violation(article, el.start, el.end,
                               f"declares encoding {declared.strip()!r} but the file is UTF-8", fix),)


@hookimpl
def artlint_rules():
    return [Encoding()]
