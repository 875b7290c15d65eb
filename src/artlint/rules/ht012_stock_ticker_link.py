"""Unwrap stock-ticker auto-links (``<span id="stock_sz300832"><a …>新产业</a></span>``).

## What it does
Reports the quote links that finance CMSs (Sina's among them) wrap around company names:
a ``<span id="stock_…">`` holding one link to a quote page, usually followed by an empty
``<span id="quote_…"></span>`` for a live price. The fix keeps the company name and removes the
spans, the link and the empty quote placeholder.

## Why is this bad?
The links were inserted by a keyword matcher, not by the author: they send readers to the source's
quote pages, often on words that are not the company at all (新产业 in "新技术新产业新业态"), and the
live-price placeholder stays empty without the source's script.

## Example
```html
<p>新技术<span id="stock_sz300832"><a href="https://finance.sina.com.cn/realstock/company/sz300832/nc.shtml" class="keyword" target="_blank">新产业</a></span><span id="quote_sz300832"></span>新业态</p>
```

## Use instead
```html
<p>新技术新产业新业态</p>
<p><a href="https://finance.sina.com.cn/realstock/company/sz300832/nc.shtml">新产业</a>的年报</p>
```

## Options
None.

## Fix safety
Safe: the link text stays byte for byte; only markup the keyword matcher added is removed. A span
holding anything but one link (and whitespace) is left alone.
"""

from __future__ import annotations

import re

from ..edits import Applicability, Edit, Fix
from ..hookspecs import hookimpl
from ..html import Comment, Element, Text
from ..rule import Rule
from ..violation import Severity

_STOCK = re.compile(r"stock_[a-z]{0,3}[0-9a-z]+\Z", re.I)
_QUOTE = re.compile(r"quote_[a-z]{0,3}[0-9a-z]+\Z", re.I)


def _only_link(el: Element) -> Element | None:
    link = None
    for ch in el.children:
        if isinstance(ch, Element) and ch.tag == "a" and link is None:
            link = ch
        elif isinstance(ch, Text) and not ch.raw.strip():
            continue
        else:
            return None
    return link


def _next_quote(el: Element) -> Element | None:
    sibs = el.parent.children if el.parent is not None else []
    try:
        i = next(n for n, ch in enumerate(sibs) if ch is el)
    except StopIteration:
        return None
    for ch in sibs[i + 1:]:
        if isinstance(ch, Text) and not ch.raw.strip():
            continue
        if isinstance(ch, Element) and ch.tag == "span" and _QUOTE.match(ch.get("id") or "") and \
                not ch.children:
            return ch
        return None
    return None


class StockTickerLink(Rule):
    code = "HT012"
    name = "stock-ticker-link"
    summary = "Stock-ticker auto-link around a company name"
    groups = ("html", "cleanup", "links")
    fix = "safe"
    severity = Severity.WARNING
    tags = ("span",)

    def check_element(self, el, article, options):
        ident = el.get("id")
        if not ident or not _STOCK.match(ident):
            return ()
        link = _only_link(el)
        if link is None or any(isinstance(n, (Comment,)) for n in link.iter()):
            return ()
        edits = [Edit(el.start, link.content_start, ""), Edit(link.content_end, el.end, "")]
        quote = _next_quote(el)
        if quote is not None:
            edits.append(Edit(quote.start, quote.end, ""))
        return (self.violation(article, el.start, el.end, f"stock-ticker auto-link ({ident})",
                               Fix(edits, Applicability.SAFE, "Keep the name, drop the ticker link")),)


@hookimpl
def artlint_rules():
    return [StockTickerLink()]
