"""Braces escaped as ``&#123;`` / ``&#125;`` in article text.

## What it does
Reports character references for ``{`` and ``}`` (``&#123;``, ``&#x7b;``, ``&lbrace;``, ``&lcub;``
and their closing forms) in the text of an HTML body and writes the plain braces instead. Braces
that would then read as template syntax (``{{``, ``{%``, ``{#``, ``%}``, ``}}``, ``#}``) stay
escaped: there the escaping keeps Hexo's Nunjucks or Jekyll's Liquid from running them. Text inside
``<style>`` and ``<script>`` is not article text and is left to the rules that remove those.

## Why is this bad?
Feed generators escape every brace of the text to protect it from the site's template engine. The
page looks the same, but the source is unreadable (``map[string]interface&#123;&#125;``), search and
diffs see entities instead of code, and copy-pasting from the source gives the entities.

## Example
```html
<p>使用 <code>map[string]interface&#123;&#125;</code> 保存任意值</p>
```

## Use instead
```html
<p>使用 <code>map[string]interface{}</code> 保存任意值</p>
<p>Nunjucks 语法：&#123;&#123; title &#125;&#125;</p>
```

## Options
None.

## Fix safety
Safe: in HTML text a character reference and the character it names are the same text, and braces
that would form template syntax are not touched. Attribute values and Markdown bodies (where a
code span shows ``&#123;`` literally) are not checked.
"""

from __future__ import annotations

import html
import re

from ..edits import Edit, Fix
from ..hookspecs import hookimpl
from ..rule import Rule

_BRACE = re.compile(r"&(?:#0*12[35];?|#[xX]0*7[bBdD];?|lbrace;|rbrace;|lcub;|rcub;)")
_QUICK = re.compile(r"&(?:#0*12[35]|#[xX]0*7[bBdD]|[lr]brace;|[lr]cub;)")
_TEMPLATE = frozenset(("{{", "{%", "{#", "%}", "}}", "#}"))


def _char(raw: str) -> str:
    return html.unescape(raw if raw.endswith(";") else raw + ";")


class EscapedBraces(Rule):
    code = "TXT001"
    name = "escaped-braces"
    summary = "Braces escaped as &#123; / &#125; in text"
    groups = ("text",)
    fix = "safe"
    body_kinds = frozenset(("html",))

    def check(self, article, options):
        text, bs = article.text, article.body_start
        # Every reference starts with "&": a memchr rules most bodies out before the regex.
        if text.find("&", bs) < 0 or _QUICK.search(text, bs) is None:
            return
        for t in article.html.texts:
            raw = t.raw
            if "&" not in raw:
                continue
            found = list(_BRACE.finditer(raw))
            if not found:
                continue
            # The run as it reads with every brace reference written out, to see template pairs.
            pieces, pos, where, size = [], 0, [], 0
            for m in found:
                piece = raw[pos:m.start()]
                pieces.append(piece)
                size += len(piece)
                where.append(size)
                char = _char(m.group())
                pieces.append(char)
                size += len(char)
                pos = m.end()
            pieces.append(raw[pos:])
            plain = "".join(pieces)
            edits = []
            for m, at in zip(found, where):
                if plain[max(at - 1, 0):at + 1] in _TEMPLATE or plain[at:at + 2] in _TEMPLATE:
                    continue
                edits.append(Edit(t.start + m.start(), t.start + m.end(), plain[at]))
            if not edits:
                continue
            n_open = sum(1 for e in edits if e.replacement == "{")
            what = ", ".join(x for x in (f"{n_open} {{" if n_open else "",
                                         f"{len(edits) - n_open} }}" if len(edits) > n_open else "") if x)
            yield self.violation(article, edits[0].start, edits[-1].end, f"escaped braces in text ({what})",
                                 Fix(edits, "safe", "Write the braces as they are"))


@hookimpl
def artlint_rules():
    return [EscapedBraces()]
