"""Require front-matter keys such as ``title`` and ``date``.

## What it does
Reports an article whose front-matter lacks one of the required keys, or has it blank (empty, only
whitespace, or only quotes).

## Why is this bad?
Static-site generators sort, list and link posts by these keys. A post without a ``date`` lands at the
top or bottom of every list; a post without a ``title`` gets an empty link and a file name as heading.

## Example
```markdown
---
title: ' '
date: 2021-09-29T07:52:07+00:00
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
- ``keys`` (list of strings, default ``["title", "date"]``): the keys every article must have.

## Fix safety
No fix: only a person knows the missing value.
"""

from __future__ import annotations

from ..hookspecs import hookimpl
from ..rule import Rule

_BLANK_CHARS = " \t\r\n\u00a0\u3000'\"“”‘’"


def _is_blank(value) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip(_BLANK_CHARS)
    if isinstance(value, (list, dict)):
        return not value
    return False


class RequiredMetadata(Rule):
    code = "FM001"
    name = "required-metadata"
    summary = "Required front-matter key missing or blank"
    groups = ("front-matter", "metadata")
    options_schema = {
        "type": "object",
        "properties": {"keys": {"type": "array", "items": {"type": "string"}, "default": ["title", "date"]}},
        "additionalProperties": False,
    }

    def check(self, article, options):
        fm = article.front_matter
        if fm is None:
            at = article.leading_end
            yield self.violation(article, at, at, "no front-matter (required: " + ", ".join(options["keys"]) + ")")
            return
        for key in options["keys"]:
            entry = fm.entries.get(key)
            if key not in fm.data:
                yield self.violation(article, fm.start, fm.content_start, f"front-matter key '{key}' is missing")
            elif _is_blank(fm.data[key]):
                s, e = (entry.key_start, entry.value_end) if entry else (fm.start, fm.content_start)
                yield self.violation(article, s, e, f"front-matter key '{key}' is blank")


@hookimpl
def artlint_rules():
    return [RequiredMetadata()]
