"""Remove elements hidden by an EasyList-style filter list you point artlint at.

## What it does
When the ``easylist`` setting names filter files (``easylist = ["filters/easylist.txt"]`` in
``[tool.artlint]``), every plain element-hiding line becomes a removal rule: ``##selector`` applies to
every article, ``example.com,~m.example.com##selector`` to articles from those sites (the host of the
front-matter ``link``, ``url``, ``source``, ``original``, ``canonical`` or ``permalink`` URL, or the
``hosts`` of a site pack that matches the article). Matched elements are reported and removed.
Exceptions (``#@#``), procedural filters (``#?#``, ``:-abp-has()``, ``:has-text()``, ``+js()`` …) and
network filters are skipped; their count is printed once as a warning line. Without the setting the
rule does nothing.

## Why is this bad?
Community filter lists already know the ad and widget markup of thousands of sites; an article
scraped from one of them carries the same blocks.

## Example
```html options={"filters": ["##.adsbygoogle-box"]}
<div><p>正文</p><div class="adsbygoogle-box"><ins class="adsbygoogle"></ins></div></div>
```

## Use instead
```html options={"filters": ["##.adsbygoogle-box"]}
<div><p>正文</p></div>
```

## Options
- ``domain-rules`` (boolean, default ``true``): also use ``domain##selector`` lines for articles whose
  site is known.
- ``filters`` (list of strings, default ``[]``): extra filter lines in the same syntax, written in the
  config itself (``filters = ["##.sponsor-box"]``), used with the files of the ``easylist`` setting.

## Fix safety
Safe: matched elements are removed whole (nested matches with their outermost match), so no tag is cut.
A selector the list meant for a whole page can match article markup too: review the first run's diff.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from ..edits import delete
from ..hookspecs import hookimpl
from ..rule import Rule
from ._removal import Matcher, compile_css, css_tokens, outermost

_URL_KEYS = ("link", "url", "source", "original", "original_url", "canonical", "permalink", "source_url")
_BATCH = 200
_COMPILED: dict[int, tuple] = {}


def _compile(easylist):
    """Index the usable rules: by the last class/id token a selector needs, and the rest in batches."""
    got = _COMPILED.get(id(easylist))
    if got is not None and got[0] is easylist:
        return got[1], got[2]
    from lxml import etree

    by_token: dict[str, list[tuple[Matcher, object]]] = {}
    untokened: list[tuple[Matcher, object]] = []
    for r in easylist.rules:
        try:
            xp = compile_css(r.selector)
        except Exception:  # cssselect cannot express it: skipped like a procedural filter
            continue
        tokens = css_tokens(r.selector)
        m = Matcher(r.selector, f"{r.file.rsplit('/', 1)[-1]}:{r.line}", xp, tokens, {})
        if tokens:
            by_token.setdefault(tokens[-1], []).append((m, r))
        else:
            untokened.append((m, r))
    batches = []
    for i in range(0, len(untokened), _BATCH):
        chunk = untokened[i:i + _BATCH]
        try:
            union = etree.XPath(" | ".join(f"({m.xpath.path})" for m, _ in chunk))
        except Exception:
            union = None
        batches.append((union, chunk))
    _COMPILED[id(easylist)] = (easylist, by_token, batches)
    return by_token, batches


_INLINE: dict[tuple, object] = {}


def _with_inline(easylist, lines: tuple):
    """The configured lists plus the option's own lines, built once per combination."""
    key = (id(easylist), lines)
    got = _INLINE.get(key)
    if got is None or got[0] is not easylist:
        from ..easylist import EasyList, parse

        extra = parse("\n".join(lines), "filters")
        merged = EasyList(list(easylist.rules if easylist else ()) + extra.rules, {}, ("filters",))
        got = _INLINE[key] = (easylist, merged)
    return got[1]


def _article_hosts(article) -> set[str]:
    hosts: set[str] = set()
    meta = article.meta
    for key in _URL_KEYS:
        v = meta.get(key)
        if isinstance(v, str) and "//" in v:
            try:
                h = urlsplit(v.strip()).hostname
            except ValueError:
                h = None
            if h:
                hosts.add(h.lower())
    from .ad001_site_promo import matched_site_packs

    for pack in matched_site_packs(article):
        site = pack.data.get("site") or {}
        hosts.update(str(h).lower() for h in site.get("hosts", ()))
    return hosts


def _applies(rule, hosts: set[str], domain_rules: bool) -> bool:
    def hit(domains):
        return any(h == d or h.endswith("." + d) for h in hosts for d in domains)

    if rule.not_domains and hit(rule.not_domains):
        return False
    if rule.domains:
        return domain_rules and hit(rule.domains)
    return True


class EasyListRule(Rule):
    code = "AD006"
    name = "easylist"
    summary = "Element hidden by a configured EasyList-style filter"
    groups = ("ads",)
    severity = "warning"
    fix = "safe"
    options_schema = {
        "type": "object",
        "properties": {"domain-rules": {"type": "boolean", "default": True},
                       "filters": {"type": "array", "items": {"type": "string"}, "default": []}},
        "additionalProperties": False,
    }

    def check(self, article, options):
        easylist = article.context.get("easylist")
        if options["filters"]:
            easylist = _with_inline(easylist, tuple(options["filters"]))
        if easylist is None or not easylist.rules:
            return ()
        by_token, batches = _compile(easylist)
        tree = article.html
        present: set[str] = set()
        for el in tree.elements:
            c = el.get("class")
            if c:
                present.update(c.split())
            i = el.get("id")
            if i:
                present.add(i)
        hosts = _article_hosts(article) if any(r.domains or r.not_domains for r in easylist.rules) else set()
        domain_rules = options["domain-rules"]
        hits = []
        for tok in present:
            for m, r in by_token.get(tok, ()):
                if _applies(r, hosts, domain_rules) and all(t in present for t in m.tokens):
                    hits.extend((el, m) for el in tree.xpath_elements(m.xpath) if el.tag != "#root")
        for union, chunk in batches:
            if union is not None and not tree.xpath_elements(union):
                continue
            for m, r in chunk:
                if _applies(r, hosts, domain_rules):
                    hits.extend((el, m) for el in tree.xpath_elements(m.xpath) if el.tag != "#root")
        out = []
        for el, m in outermost(hits):
            out.append(self.violation(article, el.start, el.start_tag_end,
                                      f"EasyList {m.label!r} ({m.reason}) hides <{el.tag}>",
                                      delete(el.start, el.end, "Remove element hidden by EasyList")))
        return out


@hookimpl
def artlint_rules():
    return [EasyListRule()]
