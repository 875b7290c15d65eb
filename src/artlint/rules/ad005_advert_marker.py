"""Advert markers: ``【广告】`` labels, ad lists hidden in comments, "百万用户都在看" link farms.

## What it does
Reports text containing a marker from the packs' ``ad-marker`` section (``【广告】``,
``百万用户都在看``) and comments whose text starts with an ``ad-comment`` prefix (Sina's
``<!--article_adlist[ … ]article_adlist-->``, which hides WeChat QR codes and link farms).

## Why is this bad?
A labelled advert is still an advert in your article; a comment full of ad markup ships to every
reader and comes back to life if anything ever un-comments it.

## Example
```html
<p>618 大促会场汇总……</p><p class="tagging2">本文用于传递优惠信息，节省甄选时间，结果仅供参考。</p><div class="tagging1">【广告】</div>
```

## Use instead
```html
<p>618 大促会场汇总……</p>
```

## Options
None.

## Fix safety
Ad-list comments have a safe fix: the comment is removed (it renders nothing, so nothing visible
changes). Visible markers are only reported: the label discloses an advert, and removing the label
without the advert would hide it; which block is the advert is an editor's call.
"""

from __future__ import annotations

from ..edits import delete
from ..hookspecs import hookimpl
from ..packs import collect
from ..rule import Rule
from ._util import occurs

_CACHE: dict[int, tuple] = {}


def _spec(article):
    packs = article.context.get("packs") or ()
    got = _CACHE.get(id(packs))
    if got is None or got[0] is not packs:
        markers = [(str(e["text"]), str(e.get("reason", ""))) for _p, e in collect(packs, "ad-marker")
                   if isinstance(e, dict) and e.get("text")]
        comments = [(str(e["prefix"]), str(e.get("reason", ""))) for _p, e in collect(packs, "ad-comment")
                    if isinstance(e, dict) and e.get("prefix")]
        got = _CACHE[id(packs)] = (packs, markers, comments)
    return got[1], got[2]


class AdvertMarker(Rule):
    code = "AD005"
    name = "advert-marker"
    summary = "Advert label, hidden ad list or link farm"
    groups = ("ads",)
    severity = "warning"
    fix = "safe"

    def check(self, article, options):
        markers, comments = _spec(article)
        text, bs, be = article.text, article.body_start, article.body_end
        out = []
        if comments:
            for c in article.html.comments:
                if not text.startswith("<!--", c.start):
                    continue
                data = c.data.lstrip()
                for prefix, reason in comments:
                    if data.startswith(prefix):
                        out.append(self.violation(article, c.start, c.end, f"{reason or 'ad comment'} ({prefix}…)",
                                                  delete(c.start, c.end, "Remove ad-list comment")))
                        break
        live = [(m, r) for m, r in markers if occurs(text, m, bs, be)]
        if live:
            for t in article.html.texts:
                for m, reason in live:
                    i = t.raw.find(m)
                    if i >= 0:
                        s = t.start + i
                        out.append(self.violation(article, s, s + len(m), f"advert marker {m!r}"
                                                  + (f": {reason}" if reason else "")))
        return out


@hookimpl
def artlint_rules():
    return [AdvertMarker()]
