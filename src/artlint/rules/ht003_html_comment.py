"""Remove HTML comments, except artlint directives and excerpt markers.

## What it does
Reports every ``<!-- … -->`` comment in the body and removes it. Comments whose text is on the
``keep`` list (by default ``more``, the excerpt separator of Hexo and many themes) and artlint's own
``artlint-disable`` / ``-enable`` directives are kept.

## Why is this bad?
Comments in scraped articles are the source site's template leftovers (``<!-- 正文下iframe -->``,
``<!-- news_keyword_pub,stock, -->``) or hide ad lists (``<!--article_adlist[ … ]article_adlist-->``).
They ship to every reader and leak the source's internals.

## Example
```html
<p>正文</p><!-- news_keyword_pub,stock, -->
```

## Use instead
```html
<p>正文</p>
<!-- more -->
<p>Rest of the post</p>
```

## Options
- ``keep`` (list of strings, default ``["more"]``): comments whose stripped text equals one of these
  are kept.

## Fix safety
Safe: exactly the comment, from ``<!--`` to ``-->``, is removed.
"""

from __future__ import annotations

from ..edits import delete
from ..hookspecs import hookimpl
from ..rule import Rule


class HtmlComment(Rule):
    code = "HT003"
    name = "html-comment"
    summary = "HTML comment in the body"
    groups = ("html", "cleanup")
    fix = "safe"
    options_schema = {
        "type": "object",
        "properties": {"keep": {"type": "array", "items": {"type": "string"}, "default": ["more"]}},
        "additionalProperties": False,
    }

    def check(self, article, options):
        keep = set(options["keep"])
        text = article.text
        for c in article.html.comments:
            if not text.startswith("<!--", c.start):
                continue  # doctype, processing instruction, bogus comment
            data = c.data.strip()
            if data in keep or data.startswith("artlint-"):
                continue
            preview = " ".join(data.split())
            preview = preview if len(preview) <= 40 else preview[:39] + "…"
            yield self.violation(article, c.start, c.end, f"HTML comment: {preview!r}",
                                 delete(c.start, c.end, "Remove comment"))


@hookimpl
def artlint_rules():
    return [HtmlComment()]
