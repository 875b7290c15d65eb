"""Front-matter dates must be ISO 8601.

## What it does
Checks the date keys of the front-matter. A date written another way that can be read without
guessing (RFC 1123 / RFC 2822 such as ``Wed, 29 Sep 2021 07:52:07 GMT``, or ``2021/09/29 07:52``) is
rewritten as ISO 8601 (``2021-09-29T07:52:07+00:00``), keeping the value's quoting. A date that cannot
be read (``Invalid Date``) is reported and left alone.

## Why is this bad?
Generators parse RFC dates differently (or not at all), so the same post sorts differently on
different sites and builds; ``Invalid Date`` makes the post's date the build time.

## Example
```markdown
---
title: 世界互联网大会落幕
date: Wed, 29 Sep 2021 07:52:07 GMT
---
<p>正文</p>
```

## Use instead
```markdown
---
title: 世界互联网大会落幕
date: 2021-09-29T07:52:07+00:00
---
<p>正文</p>
```

## Options
- ``keys`` (list of strings, default ``["date", "updated", "lastmod", "publishDate"]``): keys holding dates.

## Fix safety
Safe: the new value names the same instant (a zone is written only when the old value had one).
"""

from __future__ import annotations

import datetime as dt
import re
from email.utils import parsedate_to_datetime

from ..edits import replace
from ..hookspecs import hookimpl
from ..rule import Rule
from ._util import string_entries, yaml_scalar

_ISO = re.compile(
    r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)?$"
)
_OTHER = ("%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y/%m/%d", "%Y.%m.%d %H:%M:%S", "%Y.%m.%d",
          "%Y年%m月%d日 %H:%M:%S", "%Y年%m月%d日 %H:%M", "%Y年%m月%d日")


#: each format with the characters it needs literally (strptime reads a space as any run of whitespace):
#: a string lacking one of them cannot match, so strptime (slow, even to fail) is not asked
_OTHER_NEEDS = tuple((fmt, tuple(set(re.sub(r"%.|\s", "", fmt)))) for fmt in _OTHER)
_RFC_START = re.compile(r"^[A-Za-z]{3},? ")
_RFC_END = re.compile(r"\b(?:GMT|UTC|[+-]\d{4})$")


# The RFC 822 shape feeds write (``Fri, 14 Dec 2018 03:31:00 GMT``), read without email.utils' general
# parser; anything else, and any value this shape does not turn into a datetime, takes the general path.
_RFC_GMT = re.compile(r"[A-Za-z]{3}, (\d\d) ([A-Za-z]{3}) ([1-9]\d{3}) (\d\d):(\d\d):(\d\d) GMT")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _rfc_gmt(s: str) -> str | None:
    """What ``parsedate_to_datetime(s).isoformat()`` gives for the common shape, or None (then the general
    path decides). The checks are the ones ``datetime()`` makes."""
    m = _RFC_GMT.fullmatch(s)
    if m is None:
        return None
    day, mon, year, hh, mm, ss = m.groups()
    mon = mon.lower()
    if mon not in _MONTHS:
        return None
    n = _MONTHS.index(mon) + 1
    y = int(year)
    dim = 29 if n == 2 and y % 4 == 0 and (y % 100 != 0 or y % 400 == 0) else _DAYS[n - 1]
    if not 1 <= int(day) <= dim or int(hh) > 23 or int(mm) > 59 or int(ss) > 59:
        return None
    return f"{year}-{n:02d}-{day}T{hh}:{mm}:{ss}+00:00"


def to_iso(value: str) -> str | None:
    """ISO 8601 text for an unambiguous date string, or None."""
    s = value.strip()
    fast = _rfc_gmt(s)
    if fast is not None:
        return fast
    if _RFC_START.match(s) or _RFC_END.search(s):
        try:
            d = parsedate_to_datetime(s)
        except (TypeError, ValueError, IndexError):
            d = None
        if d is not None:
            return d.isoformat()
    for fmt, needs in _OTHER_NEEDS:
        if not all(c in s for c in needs):
            continue
        try:
            d = dt.datetime.strptime(s, fmt)
        except ValueError:
            continue
        return d.date().isoformat() if "%H" not in fmt else d.isoformat()
    return None


class DateFormat(Rule):
    code = "FM002"
    name = "date-format"
    summary = "Front-matter date not in ISO 8601"
    groups = ("front-matter", "metadata")
    fix = "safe"
    options_schema = {
        "type": "object",
        "properties": {"keys": {"type": "array", "items": {"type": "string"},
                                "default": ["date", "updated", "lastmod", "publishDate"]}},
        "additionalProperties": False,
    }

    def check(self, article, options):
        for key, entry, value in string_entries(article, options["keys"]):
            if _ISO.match(value.strip()):
                continue  # ISO text (a value YAML read as a date is no string)
            if entry.style in ("seq", "map", "|", ">"):
                continue
            iso = to_iso(value)
            if iso is None:
                yield self.violation(article, entry.value_start, entry.value_end,
                                     f"'{key}' is not a date: {value!r}")
                continue
            fmt = article.front_matter.format
            new = yaml_scalar(iso, entry.style) if fmt == "yaml" else \
                (f'"{iso}"' if entry.style == '"' else f"'{iso}'" if entry.style == "'" else f'"{iso}"')
            yield self.violation(article, entry.value_start, entry.value_end,
                                 f"'{key}' is not ISO 8601: {value!r} (use {iso})",
                                 replace(entry.value_start, entry.value_end, new, f"Rewrite {key} as {iso}"))


@hookimpl
def artlint_rules():
    return [DateFormat()]
