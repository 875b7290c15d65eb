"""Unwrap presentational tags such as ``<font>`` and ``<center>``.

## What it does
Reports presentational elements (``<font>``, ``<center>``, ``<big>``, ``<strike>``, ``<tt>``, …) and
removes their start and end tags, keeping the content. When a rule pack maps one of the element's
attribute tokens to a semantic element (``[[tag-map]]``, e.g. Sina's
``<font cms-style="font-L strong-Bold">`` means bold), the element is rewritten as that element
(``<strong>…</strong>``) instead.

## Why is this bad?
These elements are obsolete in HTML: they hard-code the source site's fonts, sizes and colours into
the article, ignore the site's theme and dark mode, and carry no meaning for screen readers, feeds or
search engines.

## Example
```html
<p><font cms-style="font-L">习近平出席会议</font></p>
```

## Use instead
```html
<p>习近平出席会议</p>
```

## Options
- ``tags`` (list of strings, default ``["font", "center", "big", "strike", "tt", "blink", "marquee",
  "basefont", "nobr", "spacer"]``): the elements to unwrap. ``u`` and ``small`` have a meaning in
  HTML5 and are not in the list; add them if your sources use them for looks only.

Packs: ``[[tag-map]]`` entries with ``tag``, ``attribute``, ``token`` and ``element`` (see
``rules/markup.toml``).

## Fix safety
Safe: the content between the tags stays byte for byte; only the tags are removed or renamed.
Elements inside ``<pre>``, ``<code>`` or ``<svg>`` are left alone. The look the tags gave (a colour,
a size, centring) is dropped on purpose.
"""

from __future__ import annotations

from ..edits import Applicability, Edit, Fix
from ..hookspecs import hookimpl
from ..rule import Rule
from ..violation import Severity
from ._markup import in_literal, unwrap
from ._urls import pack_table

_DEFAULT = ["font", "center", "big", "strike", "tt", "blink", "marquee", "basefont", "nobr", "spacer"]
_ALL = tuple(_DEFAULT) + ("u", "small", "s", "acronym", "dir", "applet", "bgsound", "listing", "rb")


def _mapped(el, article) -> str | None:
    # The pack entries are gathered once per set of packs, not per element.
    for entry in pack_table(article.context.get("packs", ()), "tag-map", list):
        if entry.get("tag", el.tag) != el.tag:
            continue
        value = el.get(str(entry.get("attribute", "")))
        if value is not None and entry.get("token") in value.split():
            return str(entry.get("element", "")) or None
    return None


class PresentationalTag(Rule):
    code = "HT004"
    name = "presentational-tag"
    summary = "Presentational element (<font>, <center>, …)"
    groups = ("html", "cleanup")
    fix = "safe"
    severity = Severity.WARNING
    tags = _ALL
    options_schema = {
        "type": "object",
        "properties": {"tags": {"type": "array", "items": {"type": "string"}, "default": _DEFAULT}},
        "additionalProperties": False,
    }

    def check_element(self, el, article, options):
        if el.tag not in options["tags"] or in_literal(el, article):
            return ()
        target = _mapped(el, article)
        if target:
            edits = [Edit(el.start, el.start_tag_end, f"<{target}>")]
            if el.end_tag_start is not None:
                edits.append(Edit(el.end_tag_start, el.end, f"</{target}>"))
            else:
                edits.append(Edit(el.end, el.end, f"</{target}>"))
            fix = Fix(edits, Applicability.SAFE, f"Rewrite <{el.tag}> as <{target}>")
            msg = f"presentational <{el.tag}> (means <{target}>)"
        else:
            fix = Fix(unwrap(el), Applicability.SAFE, f"Unwrap <{el.tag}>")
            msg = f"presentational <{el.tag}>"
        return (self.violation(article, el.start, el.start_tag_end, msg, fix),)


@hookimpl
def artlint_rules():
    return [PresentationalTag()]
