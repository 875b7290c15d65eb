"""Cover-image fields that are empty, a placeholder service, or a promo image.

## What it does
Checks the front-matter keys themes read a post's cover from (``thumbnail``, ``headimg``, ``cover``
by default) and reports a value that is

- empty or blank (``thumbnail: ''``);
- on a placeholder-image host (``picsum.photos`` and the others in the packs' ``[[placeholder-image]]``
  sections, also when wrapped in a proxy URL);
- a known promo image (the packs' ``[[promo-image]]`` sections, e.g. the Sina app QR code that feed
  generators pick as "the first image" of every Sina article).

## Why is this bad?
The theme shows the cover on the index page, in link previews and feeds. An empty value gives a
broken frame; a placeholder service gives a random stock photo that changes on every build (and
every regeneration rewrites the file); the promo QR code makes every Sina article look the same.

## Example
```markdown
---
title: 108家科创板公司2021年全年业绩预增
thumbnail: 'https://picsum.photos/400/300?random=8229'
---
<p>正文</p>
```

## Use instead
```markdown
---
title: 108家科创板公司2021年全年业绩预增
thumbnail: 'https://n.sinaimg.cn/sinakd20210920s/636/w400h236/20210920/85a7-18050a683dd675a33063b6b4a25ad32f.jpg'
---
<p>正文</p>
```

## Options
- ``keys`` (list of strings, default ``["thumbnail", "headimg", "cover"]``): the cover-image keys.

Packs: ``[[placeholder-image]]`` (``host``) and ``[[promo-image]]`` (``url`` without scheme) entries.

## Fix safety
Unsafe: the fix deletes the key's line, so the theme falls back to its default (or no) cover. Whether
that is better than a random photo, or whether the article has a better picture to use, is the
editor's call; and a schema may require the key.
"""

from __future__ import annotations

from .._memo import Memo
from ..edits import Fix
from ..hookspecs import hookimpl
from ..rule import Rule
from ..violation import Severity
from . import _urls
from ._markup import key_line_removal

_WS = " \t\r\n\u00a0\u3000"


def _hosts(entries: list) -> frozenset[str]:
    return frozenset(str(e["host"]).strip().lower() for e in entries if e.get("host"))


def _promos(entries: list) -> dict[str, str]:
    out = {}
    for e in entries:
        url = str(e.get("url") or "").strip()
        if url:
            out[url.split("://", 1)[-1].lstrip("/")] = str(e.get("reason") or "promo image")
    return out


def _embedded_hosts(url: str) -> list[str]:
    """The URL's host and the hosts of URLs wrapped inside it (``https://proxy/?https://real/…``)."""
    hosts = [_urls.host_of(url)]
    low = url.lower()
    for marker in ("?http://", "?https://", "=http://", "=https://", "?//", "=//"):
        i = low.find(marker)
        if i >= 0:
            hosts.append(_urls.host_of(url[i + 1:] if marker[1] != "/" else "https:" + url[i + 1:]))
    return [h for h in hosts if h]


_SEEN = Memo(4096)  # (id(packs), url) -> (packs, placeholder host, promo reason)


def _classify(packs, url: str) -> tuple[str | None, str | None]:
    """The placeholder host and the promo reason of a cover URL; kept per URL, as one promo image or
    placeholder often stands in for the cover of many articles."""
    got = _SEEN.get((id(packs), url))
    if got is not None and got[0] is packs:
        return got[1], got[2]
    hosts = _urls.pack_table(packs, "placeholder-image", _hosts)
    found = next((h for h in map(lambda x: _urls.host_in(x, hosts), _embedded_hosts(url)) if h), None)
    promos = _urls.pack_table(packs, "promo-image", _promos)
    promo = next((r for u, r in promos.items() if u in url), None)
    _SEEN.put((id(packs), url), (packs, found, promo))
    return found, promo


class CoverImage(Rule):
    code = "FM006"
    name = "cover-image"
    summary = "Cover image empty, a placeholder or a promo image"
    groups = ("front-matter", "images")
    fix = "unsafe"
    severity = Severity.WARNING
    options_schema = {
        "type": "object",
        "properties": {"keys": {"type": "array", "items": {"type": "string"},
                                "default": ["thumbnail", "headimg", "cover"]}},
        "additionalProperties": False,
    }

    def check(self, article, options):
        fm = article.front_matter
        if fm is None:
            return
        packs = article.context.get("packs")
        for key in options["keys"]:
            entry = fm.entries.get(key)
            if entry is None or key not in fm.data:
                continue
            value = fm.data[key]
            if value is None or isinstance(value, str) and not value.strip(_WS):
                why = f"'{key}' is empty"
            elif not isinstance(value, str):
                continue
            else:
                found, promo = _classify(packs, value.strip(_WS))
                if found:
                    why = f"'{key}' is a placeholder image ({found})"
                elif promo:
                    why = f"'{key}' is a promo image, not the article's: {promo}"
                else:
                    continue
            edit = key_line_removal(article, entry) if fm.format != "json" else None
            fix = Fix([edit], "unsafe", f"Remove {key}") if edit else None
            s, e = (entry.value_start, entry.value_end) if entry.value_end > entry.value_start else \
                (entry.key_start, entry.key_end)
            yield self.violation(article, s, e, why, fix)


@hookimpl
def artlint_rules():
    return [CoverImage()]
