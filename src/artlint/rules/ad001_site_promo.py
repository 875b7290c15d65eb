"""Remove a source site's promo blocks and boilerplate, as listed in its site pack.

## What it does
Applies the site packs (``rules/sites/*.toml``, plus any pack you add with a ``[[remove]]`` section):
every element matched by a pack's CSS ``selector`` (or ``xpath``) is reported with the pack's reason and
removed; a ``[[remove-region]]`` removes everything from the first to the last sibling comment whose
text starts with its ``comment`` (Sina's ``<!-- 文末二维码 start -->`` … block). A pack applies to an
article when its ``[site] names`` match the front-matter ``author`` (exactly, or followed by `` - ``)
or one of its ``categories``; a pack without ``[site]`` applies everywhere. An entry may narrow this
with ``when-author`` or ``site`` (a name or a list, matched the same way).

Pack format::

    [pack]
    name = "site-example"
    [site]
    names = ["Example News"]
    [[remove]]
    selector = "div.app-promo"        # or: xpath = "//div[@id='promo']"
    reason = "download-our-app banner"

## Why is this bad?
Scraped articles carry their source's furniture: "download our app" QR blocks with their own CSS, theme
stylesheets, tipping widgets, empty widget slots. On your site they are noise at best, and the CSS
restyles your pages.

## Example
```markdown
---
title: 示例
author: 新浪财经
---
<div><p>正文</p>
<div class="clearfix appendQr_wrap"><div class="appendQr_normal_txt">海量资讯、精准解读，尽在新浪财经APP</div></div>
</div>
```

## Use instead
```markdown
---
title: 示例
author: 新浪财经
---
<div><p>正文</p>
</div>
```

## Options
- ``sites`` (list of strings, default ``[]``): only use the packs with these names (``site-sina-finance``,
  …); empty means every pack with a ``remove`` or ``remove-region`` section.
- ``ignore-site-match`` (boolean, default ``false``): apply every pack to every article, whatever its
  front-matter says (for copies of a site's articles syndicated under another name).

## Fix safety
Safe: each matched element is removed whole, from its start tag to its end tag; a region from its first
comment to its last. Both only ever cover complete sibling nodes, so no tag is cut in half. Whitespace
around the removed block stays for the whitespace rules.
"""

from __future__ import annotations

from .._memo import Memo
from ..edits import delete
from ..hookspecs import hookimpl
from ..html import Comment
from ..rule import Rule
from ._removal import Matcher, compile_css, compile_xpath, css_tokens, fast_matcher, match_all

_CACHE: dict[tuple, tuple] = {}
_SITES = Memo(4096)  # (packs, site keys of the front-matter) -> matching packs
_PLANS = Memo(4096)  # the same key -> (packs, applicable matchers, applicable regions)


def _names(value) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else [str(v) for v in value]


def _matches_site(meta: dict, names: list[str]) -> bool:
    author = meta.get("author")
    authors = [author] if isinstance(author, str) else []
    cats = meta.get("categories")
    cats = [cats] if isinstance(cats, str) else [str(c).strip() for c in cats] if isinstance(cats, list) else []
    for n in names:
        for a in authors:
            a = a.strip()
            if a == n or a.startswith(n + " - "):
                return True
        if n in cats or any(c.startswith(n + " - ") or c.lstrip("— ") == n for c in cats):
            return True
    return False


def _compile(pack) -> tuple[list[Matcher], list[dict]]:
    key = (pack.name, str(pack.path), id(pack.data))
    got = _CACHE.get(key)
    if got is None:
        matchers = []
        for entry in pack.section("remove"):
            if not isinstance(entry, dict) or not (entry.get("selector") or entry.get("xpath")):
                continue
            if entry.get("selector"):
                sel = entry["selector"]
                try:
                    xp = compile_css(sel)
                except Exception:  # a bad selector in one pack must not stop the others
                    continue
                tokens = css_tokens(sel)
            else:
                sel = entry["xpath"]
                try:
                    xp = compile_xpath(sel)
                except Exception:
                    continue
                tokens = tuple(_names(entry.get("contains")))
            fast = fast_matcher(sel) if entry.get("selector") else None
            matchers.append(Matcher(sel, str(entry.get("reason", "")), xp, tokens, entry, fast))
        regions = [e for e in pack.section("remove-region") if isinstance(e, dict) and e.get("comment")]
        got = _CACHE[key] = (matchers, regions)
    return got


def _entry_applies(entry: dict, meta: dict) -> bool:
    authors = _names(entry.get("when-author"))
    if authors and not _matches_site({"author": meta.get("author")}, authors):
        return False
    sites = _names(entry.get("site"))
    return not sites or _matches_site(meta, sites)


def _regions(article, entry: dict, comments: list):
    """(start, end) of each region: first to last sibling comment starting with the entry's text.

    ``comments`` are the body's ``<!--`` comments with their stripped data, read once per article."""
    prefix = entry["comment"]
    groups: dict[int, list[Comment]] = {}
    for c, data in comments:
        if data.startswith(prefix):
            groups.setdefault(id(c.parent), []).append(c)
    for found in groups.values():
        if len(found) >= 2:
            yield found[0].start, found[-1].end


_BY_FIRST = Memo(4096)  # id(regions list) -> (regions, {first character: entry indexes})


def _region_spans(article, regions: list[dict]) -> list[tuple[int, int, str]]:
    """The spans of every region entry, in entry order: one pass over the comments, each compared only
    with the entries whose text starts with its first character."""
    text = article.text
    comments = [(c, c.data.strip()) for c in article.html.comments if text.startswith("<!--", c.start)]
    got = _BY_FIRST.get(id(regions))
    if got is None or got[0] is not regions:
        index: dict[str, list[int]] | None = {}
        for i, entry in enumerate(regions):
            prefix = entry["comment"]
            if not isinstance(prefix, str):
                index = None  # let startswith say what it makes of it, as before
                break
            index.setdefault(prefix[:1], []).append(i)
        got = _BY_FIRST.put(id(regions), (regions, index))
    index = got[1]
    out = []
    if index is None:
        for entry in regions:
            for s, e in _regions(article, entry, comments):
                out.append((s, e, str(entry.get("reason", ""))))
        return out
    found: dict[int, dict[int, list[Comment]]] = {}
    for c, data in comments:
        for i in index.get(data[:1], ()):
            if data.startswith(regions[i]["comment"]):
                found.setdefault(i, {}).setdefault(id(c.parent), []).append(c)
    for i in sorted(found):
        reason = str(regions[i].get("reason", ""))
        for group in found[i].values():
            if len(group) >= 2:
                out.append((group[0].start, group[-1].end, reason))
    return out


def _site_key(article, wanted, ignore_site_match: bool) -> tuple:
    """What decides which packs and entries apply: the packs, the options, the author and categories."""
    packs = article.context.get("packs") or ()
    meta = article.meta
    author, cats = meta.get("author"), meta.get("categories")
    return (id(packs), tuple(wanted), ignore_site_match, author if isinstance(author, str) else None,
            tuple(map(str, cats)) if isinstance(cats, list) else cats if isinstance(cats, str) else None)


def matched_site_packs(article, wanted=(), ignore_site_match: bool = False) -> list:
    """The packs with a ``[site]`` table (or removal sections) that apply to this article."""
    packs = article.context.get("packs") or ()
    meta = article.meta
    key = _site_key(article, wanted, ignore_site_match)
    got = _SITES.get(key)
    if got is not None and got[0] is packs:
        return got[1]
    out = []
    for pack in packs:
        site = pack.data.get("site")
        if not isinstance(site, dict) and not (pack.data.get("remove") or pack.data.get("remove-region")):
            continue
        if wanted and pack.name not in wanted:
            continue
        if not ignore_site_match and isinstance(site, dict) and site.get("names") and \
                not _matches_site(meta, _names(site.get("names"))):
            continue
        out.append(pack)
    _SITES.put(key, (packs, out))
    return out


class SitePromo(Rule):
    code = "AD001"
    name = "site-promo"
    summary = "Promo block or boilerplate listed in a site pack"
    groups = ("ads", "boilerplate")
    severity = "warning"
    fix = "safe"
    options_schema = {
        "type": "object",
        "properties": {
            "sites": {"type": "array", "items": {"type": "string"}, "default": []},
            "ignore-site-match": {"type": "boolean", "default": False},
        },
        "additionalProperties": False,
    }

    def check(self, article, options):
        matchers, regions = self._plan(article, options)
        if not matchers and not regions:
            return []
        out = []
        spans: list[tuple[int, int, str]] = []
        if regions and article.html.comments:
            spans.extend(_region_spans(article, regions))
        if matchers:
            for el, m in match_all(article, matchers):
                spans.append((el.start, el.end, m.reason or f"matches {m.label}"))
        end = -1
        for s, e, reason in sorted(spans, key=lambda t: (t[0], -t[1])):
            if s < end:
                continue  # inside a region or element already reported
            end = e
            what = article.text[s:article.text.find(">", s) + 1][:60]
            out.append(self.violation(article, s, e, f"site boilerplate: {reason} ({what})",
                                      delete(s, e, "Remove site boilerplate")))
        return out

    @staticmethod
    def _plan(article, options) -> tuple[list[Matcher], list[dict]]:
        """The matchers and region entries that apply to the article, worked out once per site key
        (most articles of a run share their author and categories)."""
        packs = article.context.get("packs") or ()
        key = _site_key(article, options["sites"], options["ignore-site-match"])
        got = _PLANS.get(key)
        if got is not None and got[0] is packs:
            return got[1], got[2]
        meta = article.meta
        matchers: list[Matcher] = []
        regions: list[dict] = []
        for pack in matched_site_packs(article, options["sites"], options["ignore-site-match"]):
            if not (pack.data.get("remove") or pack.data.get("remove-region")):
                continue
            pack_matchers, pack_regions = _compile(pack)
            matchers.extend((m for m in pack_matchers if _entry_applies(m.data, meta)))
            regions.extend(e for e in pack_regions if _entry_applies(e, meta))
        _PLANS.put(key, (packs, matchers, regions))
        return matchers, regions


@hookimpl
def artlint_rules():
    return [SitePromo()]
