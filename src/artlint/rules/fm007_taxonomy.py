"""Categories and tags must be lists without empty or duplicate entries.

## What it does
Checks the taxonomy keys (``categories`` and ``tags`` by default) of the front-matter and reports

- a value that is empty (``tags:``, ``tags: []``, ``tags: ''``);
- a single string instead of a list (``tags: python``);
- empty entries (``- ``, ``- ''``) and entries that repeat an earlier one exactly.

Empty and duplicate entries are removed; the other findings are left to the editor (see Fix safety).
Indentation is not reported: ``categories:`` followed by ``    - 金融`` (four spaces, as older feed
templates wrote it) is valid YAML and reads the same as one space.

## Why is this bad?
Generators build archive pages and feeds from these lists: an empty entry becomes a category page
with no name (``/categories/``), a duplicate lists the post twice or builds a ``金融 > 金融``
hierarchy in Hexo, and an empty key makes some themes print an empty "Tags:" line.

## Example
```markdown
---
title: 世界互联网大会落幕
categories:
 - 金融
 - 新浪财经
 - 新浪财经
 - ''
---
<p>正文</p>
```

## Use instead
```markdown
---
title: 世界互联网大会落幕
categories:
 - 金融
 - 新浪财经
tags: [互联网, 乌镇]
---
<p>正文</p>
```

## Options
- ``keys`` (list of strings, default ``["categories", "tags"]``): the taxonomy keys.

## Fix safety
Safe for empty and duplicate entries of a YAML list: exactly that entry (its ``- `` line, or its item
in a ``[…]`` list) is removed and the others keep their order. Unsafe for the rest: an empty key's
line is deleted (a schema may require the key), and a single string becomes a one-item list
(``tags: [python]``), which is what Hexo reads but not Jekyll, which splits a tag string at spaces.
"""

from __future__ import annotations

import json
import re

from ..edits import Edit, Fix, replace
from ..hookspecs import hookimpl
from ..rule import Rule
from ..violation import Severity
from ._markup import key_line_removal, yaml_text

_WS = " \t\r\n\u00a0\u3000"
_DASH = re.compile(r"[ \t]*-[ \t]*\Z")


def _item_removal(text: str, items: tuple, i: int) -> Edit | None:
    start, end = items[i][0], items[i][1]
    ls = text.rfind("\n", 0, start) + 1
    if _DASH.match(text, ls, start):
        le = end
        while le < len(text) and text[le] in " \t":
            le += 1
        if text.startswith("\r\n", le):
            return Edit(ls, le + 2)
        if le < len(text) and text[le] == "\n":
            return Edit(ls, le + 1)
        return None  # a comment or more after the entry
    if i > 0:
        return Edit(items[i - 1][1], end)  # ", entry" in a flow list
    if len(items) > 1:
        return Edit(start, items[1][0])  # "entry, "
    return None


class Taxonomy(Rule):
    code = "FM007"
    name = "taxonomy"
    summary = "Categories/tags not a list, empty, or with empty or duplicate entries"
    groups = ("front-matter", "metadata")
    fix = "both"
    severity = Severity.WARNING
    options_schema = {
        "type": "object",
        "properties": {"keys": {"type": "array", "items": {"type": "string"},
                                "default": ["categories", "tags"]}},
        "additionalProperties": False,
    }

    def check(self, article, options):
        fm = article.front_matter
        if fm is None:
            return
        text = article.text
        for key in options["keys"]:
            entry = fm.entries.get(key)
            if entry is None or key not in fm.data:
                continue
            value = fm.data[key]
            span = (entry.value_start, entry.value_end) if entry.value_end > entry.value_start else \
                (entry.key_start, entry.key_end)
            if value is None or value == [] or isinstance(value, str) and not value.strip(_WS):
                edit = key_line_removal(article, entry) if fm.format != "json" else None
                yield self.violation(article, *span, f"'{key}' is empty",
                                     Fix([edit], "unsafe", f"Remove {key}") if edit else None)
            elif isinstance(value, str):
                fix = None
                if fm.format == "yaml" and entry.style in ("", "'", '"'):
                    raw = text[entry.value_start:entry.value_end]
                    new = "[" + (raw if entry.style else yaml_text(value, "")) + "]"
                    fix = replace(entry.value_start, entry.value_end, new, f"Make {key} a list", "unsafe")
                elif fm.format == "toml":
                    fix = replace(entry.value_start, entry.value_end,
                                  "[" + json.dumps(value, ensure_ascii=False) + "]", f"Make {key} a list",
                                  "unsafe")
                yield self.violation(article, *span, f"'{key}' is a string, not a list", fix)
            elif isinstance(value, list):
                yield from self._entries(article, fm, key, entry, value)

    def _entries(self, article, fm, key, entry, value):
        items = entry.items if fm.format == "yaml" and len(entry.items) == len(value) else ()
        seen: set = set()
        for i, item in enumerate(value):
            if item is None or isinstance(item, str) and not item.strip(_WS):
                why = f"empty entry in '{key}'"
            elif isinstance(item, (str, int, float)) and not isinstance(item, bool):
                if item in seen:
                    why = f"duplicate entry {item!r} in '{key}'"
                else:
                    seen.add(item)
                    continue
            else:
                continue
            if items:
                s, e = items[i][0], items[i][1]
                edit = _item_removal(article.text, items, i)
                fix = Fix([edit], "safe", "Remove the entry") if edit else None
            else:
                s, e, fix = entry.value_start, entry.value_end, None
            yield self.violation(article, s, e, why, fix)


@hookimpl
def artlint_rules():
    return [Taxonomy()]
