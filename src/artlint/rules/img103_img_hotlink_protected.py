"""An image whose host refuses requests from other sites (hot-link protection).

## What it does
With online checking on (``--online``), reports image and cover URLs that fail (401/403) when a
browser would load them on your site, and says whether ``referrerpolicy="no-referrer"`` saves them:

- the host serves the image only with its own site as ``Referer``: nothing on the ``<img>`` helps;
- the host serves the image without a ``Referer`` but refuses your site's (set ``site-url`` in the
  config so this can be tested): ``referrerpolicy="no-referrer"`` makes it load. Elements that already
  carry it are not reported.

## Why is this bad?
Readers see a broken image (or a "hot-linking forbidden" picture) although the URL works when opened
directly. Image hosts of many Chinese news sites do this.

## Example
```html
<img alt="Chart" src="https://n.sinaimg.cn/finance/chart.png">
```

## Use instead
```html
<img alt="Chart" referrerpolicy="no-referrer" src="https://n.sinaimg.cn/finance/chart.png">
```

## Options
None. The foreign-Referer test needs the config key ``site-url`` (the site the articles are published
on).

## Fix safety
Safe, when ``referrerpolicy="no-referrer"`` saves the image: the fix adds (or sets) that attribute on the
``<img>``. It only changes which ``Referer`` the browser sends for that image. No fix otherwise: host a
copy of the image.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from ..edits import Edit, Fix
from ..hookspecs import hookimpl
from ..online import HOTLINK
from ..rule import Rule
from ._online import IMAGE_KINDS, checked, where

_POLICY = "no-referrer"


class ImgHotlinkProtected(Rule):
    code = "IMG103"
    name = "img-hotlink-protected"
    summary = "Image host refuses hot-linking"
    groups = ("images", "online")
    fix = "safe"
    needs = frozenset({"online"})

    def check(self, article, options):
        out = []
        for ref, v in checked(article, IMAGE_KINDS):
            if v.state != HOTLINK:
                continue
            host = urlsplit(ref.url).netloc
            if not v.no_referrer_ok:
                msg = (f"{where(ref)} is hot-link protected: {host} serves it only with its own site as "
                       f'Referer; referrerpolicy="no-referrer" does not help, host a copy: {ref.url}')
                out.append(self.violation(article, ref.start, ref.end, msg))
                continue
            el = ref.element
            if el is not None and el.tag == "img" and (el.get("referrerpolicy") or "").strip().lower() == _POLICY:
                continue
            msg = (f"{where(ref)} is hot-link protected: {host} refuses other sites as Referer but serves it "
                   f'without one; referrerpolicy="no-referrer" saves it: {ref.url}')
            out.append(self.violation(article, ref.start, ref.end, msg, _fix(article, el)))
        return out


def _fix(article, el) -> Fix | None:
    if el is None or el.tag != "img":
        return None  # a <source> or a theme's cover: the policy belongs on markup we cannot see here
    a = el.attr("referrerpolicy")
    if a is None:
        # Right after the tag name: the one place in a start tag every parser agrees on.
        at = el.start + 1 + len("img")
        return Fix([Edit(at, at, f' referrerpolicy="{_POLICY}"')], "safe", 'Add referrerpolicy="no-referrer"')
    if a.value is None:
        return Fix([Edit(a.start, a.end, f'referrerpolicy="{_POLICY}"')], "safe", 'Set referrerpolicy="no-referrer"')
    return Fix([Edit(a.value_start, a.value_end, _POLICY)], "safe", 'Set referrerpolicy="no-referrer"')


@hookimpl
def artlint_rules():
    return [ImgHotlinkProtected()]
