"""HTML indented by four or more spaces after a blank line renders as a code block in Markdown.

## What it does
In a Markdown body, reports an indented code block (four or more spaces after a blank line) whose
content is HTML and which sits next to an HTML block: markup that was meant to render but shows as
code. The fix removes the indentation the block's lines share, so the HTML renders again.

## Why is this bad?
Markdown turns any run of lines indented by four spaces after a blank line into a code block. Markup
pasted with its original indentation, like the Sina QR promo block (``<!-- 文末二维码 start -->``,
``<style>``…) that scraped articles indent by 12 spaces, then appears on the page as literal tags and
CSS instead of rendering.

## Example
```markdown
---
title: 世界互联网大会落幕
---
海量资讯、精准解读。

<p>正文</p>

        <!-- 文末二维码 start -->
        <style>.appendQr_wrap{border:1px solid #E6E6E6}</style>
```

## Use instead
```markdown
---
title: 世界互联网大会落幕
---
海量资讯、精准解读。

<p>正文</p>

<!-- 文末二维码 start -->
<style>.appendQr_wrap{border:1px solid #E6E6E6}</style>

An example of markup, shown as code on purpose:

    <p class="note">Hello</p>
```

## Options
None.

## Fix safety
Safe: only the leading whitespace the block's lines have in common is removed; relative indentation,
blank lines and every other character stay. It applies only when the dedented block starts an HTML
block and the code block is a top-level neighbour of an HTML block, so a code sample after a paragraph
("Add this to your template:") is never touched. Only Markdown bodies are checked.
"""

from __future__ import annotations

import re

from ..edits import Edit, Fix
from ..hookspecs import hookimpl
from ..rule import Rule

_INDENT = re.compile(r"[ \t]*")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")


def _starts_html(text: str) -> bool:
    from ..markdown import _parser

    tokens = _parser().parse(text)
    return bool(tokens) and tokens[0].type == "html_block"


class IndentedHtml(Rule):
    code = "HT101"
    name = "indented-html"
    summary = "Indented HTML renders as a Markdown code block"
    groups = ("html", "markdown")
    fix = "safe"
    body_kinds = frozenset(("markdown",))
    code_aware = True

    def check(self, article, options):
        md = article.markdown
        if md is None:
            return
        top = [b for b in md.blocks if b.level == 0]
        for i, b in enumerate(top):
            if b.type != "code_block":
                continue
            near = [top[j].type for j in (i - 1, i + 1) if 0 <= j < len(top)]
            if "html_block" not in near:
                continue
            lines = [m for m in _LINE.finditer(article.text, b.start, b.end) if m.group().strip()]
            if not lines:
                continue
            indents = [_INDENT.match(m.group()).group() for m in lines]
            width = min(len(i.expandtabs(4)) for i in indents)
            if width < 4:
                continue
            cut = [_chars_for_width(i, width) for i in indents]
            if None in cut:
                continue  # a tab straddles the common indentation: no clean way to remove it
            dedented = "".join(m.group()[k:] for m, k in zip(lines, cut))
            if not _starts_html(dedented):
                continue
            fix = Fix([Edit(m.start(), m.start() + k, "") for m, k in zip(lines, cut)], "safe",
                      "Remove the indentation so the HTML renders")
            yield self.violation(article, lines[0].start(), lines[0].start() + len(lines[0].group().rstrip()),
                                 f"HTML indented by {width} columns renders as a code block", fix)


def _chars_for_width(indent: str, width: int) -> int | None:
    """How many leading characters of ``indent`` make up exactly ``width`` columns (tab stops of 4)."""
    col = 0
    for k, ch in enumerate(indent):
        if col == width:
            return k
        col = col + 4 - col % 4 if ch == "\t" else col + 1
        if col > width:
            return None
    return len(indent) if col == width else None


@hookimpl
def artlint_rules():
    return [IndentedHtml()]
