'''Titles wrapped in runs of quotes or padded with whitespace.

## What it does
Reports a ``title`` whose raw value is a run of quote characters around the text
(``"""""'第1集'"""""``, written by some feed generators and not valid YAML) or whose text starts or
ends with whitespace (``' 第1集 '``, including ideographic and no-break spaces), and rewrites it as
a properly quoted scalar holding the trimmed text, keeping the value's quoting style. A title that is
blank after trimming is left to ``required-metadata``.

## Why is this bad?
A quote-run title is invalid YAML: Hexo, Jekyll and Hugo either refuse the file or show the quotes
in the page title, feeds and links. Padding whitespace shows up in ``<title>``, breaks sorting and
makes the same title look like two in search and archives.

## Example
```markdown
---
title: """""""'第1集'"""""""
date: 2021-03-01T08:00:00+00:00
---
<p>正文</p>
```

## Use instead
```markdown
---
title: '第1集'
date: 2021-03-01T08:00:00+00:00
---
<p>正文</p>
```

## Options
- ``keys`` (list of strings, default ``["title"]``): the front-matter keys checked.

## Fix safety
Safe: the new value is the text the generator meant, trimmed; only the value's span changes.
'''

from __future__ import annotations

from ..edits import replace
from ..hookspecs import hookimpl
from ..rule import Rule
from ._markup import fm_string
from ._util import string_entries

_WS = " \t\r\n\u00a0\u3000"
_QUOTES = "\"'“”‘’"


class TitleJunk(Rule):
    code = "FM004"
    name = "title-junk"
    summary = "Title wrapped in quote runs or padded with whitespace"
    groups = ("front-matter", "metadata")
    fix = "safe"
    options_schema = {
        "type": "object",
        "properties": {"keys": {"type": "array", "items": {"type": "string"}, "default": ["title"]}},
        "additionalProperties": False,
    }

    def check(self, article, options):
        for key, entry, value in string_entries(article, options["keys"]):
            if entry.style in ("|", ">", "seq", "map"):
                continue
            trimmed = value.strip(_WS)
            s, e = entry.value_start, entry.value_end
            if entry.style == "junk":
                raw = article.text[s:e]
                style = "'" if raw.lstrip('"').startswith("'") else '"'
                if not trimmed.strip(_QUOTES + _WS):
                    yield self.violation(article, s, e, f"'{key}' is a run of quotes with nothing inside")
                    continue
                new = fm_string(article.front_matter.format, trimmed, style)
                yield self.violation(article, s, e, f"'{key}' is wrapped in runs of quotes",
                                     replace(s, e, new, f"Rewrite {key} as {new}"))
            elif trimmed and trimmed != value:
                new = fm_string(article.front_matter.format, trimmed, entry.style)
                yield self.violation(article, s, e, f"'{key}' starts or ends with whitespace",
                                     replace(s, e, new, f"Trim {key}"))


@hookimpl
def artlint_rules():
    return [TitleJunk()]
