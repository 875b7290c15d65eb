"""Affiliate links (Taobao, JD and other commission-tracking hosts).

## What it does
Reports each element with a link through a host listed in the packs' ``affiliate-host`` section
(``s.click.taobao.com``, ``u.jd.com``, ``union-click.jd.com``, …), in ``href``, ``src`` or any
``data-*url`` attribute; subdomains count.

## Why is this bad?
The link earns the source site a commission on whatever the reader buys: an advert inside your
article, usually undisclosed, and it tracks your readers.

## Example
```html
<p>天猫超级红包：<a href="https://s.click.taobao.com/sO14Wnu" data-wapurl="https://s.click.taobao.com/ZtPAPnu">点此抽红包</a></p>
```

## Use instead
```html
<p>天猫超级红包：<a href="https://www.tmall.com/">点此抽红包</a></p>
```

## Options
None.

## Fix safety
No fix: where the link should go instead (the shop's own page, or nowhere) is an editor's call.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from ..hookspecs import hookimpl
from ..packs import collect
from ..rule import Rule

_CACHE: dict[int, tuple] = {}


def _hosts(article) -> tuple:
    packs = article.context.get("packs") or ()
    got = _CACHE.get(id(packs))
    if got is None or got[0] is not packs:
        hosts = {}
        for _p, e in collect(packs, "affiliate-host"):
            if isinstance(e, dict) and e.get("host"):
                hosts[str(e["host"]).lower()] = str(e.get("reason", ""))
        pattern = re.compile("|".join(re.escape(h) for h in sorted(hosts, key=len, reverse=True))) if hosts else None
        got = _CACHE[id(packs)] = (packs, hosts, pattern)
    return got[1], got[2]


def _affiliate(url: str, hosts: dict) -> str | None:
    if "//" not in url:
        return None
    try:
        host = (urlsplit(url.strip()).hostname or "").lower()
    except ValueError:
        return None
    for h in hosts:
        if host == h or host.endswith("." + h):
            return h
    return None


class AffiliateLink(Rule):
    code = "AD004"
    name = "affiliate-link"
    summary = "Affiliate (commission-tracking) link"
    groups = ("ads",)
    severity = "warning"
    tags = ("a", "area", "img", "iframe")

    def check_element(self, el, article, options):
        hosts, pattern = _hosts(article)
        if not hosts:
            return ()
        for a in el.attrs:
            if a.value and pattern.search(a.value) and \
                    (a.name in ("href", "src") or (a.name.startswith("data-") and a.name.endswith("url"))):
                h = _affiliate(a.value, hosts)
                if h:
                    reason = hosts[h]
                    return (self.violation(article, el.start, el.start_tag_end,
                                           f"affiliate link via {h} in {a.name}" + (f": {reason}" if reason else "")),)
        return ()


@hookimpl
def artlint_rules():
    return [AffiliateLink()]
