"""An image URL is protocol-relative (``//host/…``).

## What it does
Reports ``<img>`` elements whose ``src`` (or lazy-load ``data-src`` / ``data-original``) starts with
``//`` and adds ``https:`` in front.

In a Markdown body, ``![alt](//host/…)`` images are checked and fixed too.

## Why is this bad?
``//n.sinaimg.cn/…`` takes the scheme of whatever page shows it. That works on the source site, but an
article travels: in a feed reader, an e-mail, a local preview (``file://``) or an offline copy the
image resolves to nothing. Protocol-relative URLs have been an anti-pattern since https became the
default.

## Example
```html
<p><img src="//n.sinaimg.cn/spider20211106/516/w258h258/20211106/2afb-76a028f35c8946b81222e9b7ad0fcfb1.jpg" alt="ID：quanshangcn"></p>
```

## Use instead
```html
<p><img src="https://n.sinaimg.cn/spider20211106/516/w258h258/20211106/2afb-76a028f35c8946b81222e9b7ad0fcfb1.jpg" alt="ID：quanshangcn"></p>
```

## Options
None.

## Fix safety
Safe: ``https:`` is inserted before the ``//``; every other byte of the attribute stays. On an https
site this is the URL the browser already loads.
"""

from __future__ import annotations

from ..edits import Applicability, Edit, Fix
from ..hookspecs import hookimpl
from ..rule import Rule
from ..violation import Severity
from . import _urls

class ProtocolRelative(Rule):
    code = "IMG006"
    name = "protocol-relative"
    summary = "Protocol-relative image URL"
    groups = ("images",)
    severity = Severity.WARNING
    fix = "safe"
    tags = ("img",)

    def check_element(self, el, article, options):
        out = []
        for attr, url in _urls.article_image_urls(el, article):
            # "///x" is a path on the current host to browsers, not a host name: leave it.
            if not url.startswith("//") or url.startswith("///") or not _urls.host_of(url):
                continue
            raw = _urls.raw(article.text, attr)
            at = _urls.lead(raw)
            if raw.startswith("//", at):
                pos = attr.value_start + at
                edit = Edit(pos, pos, "https:")
            else:
                edit = _urls.set_value(article.text, attr, "https:" + url)
            out.append(self.violation(article, attr.start, attr.end, f"protocol-relative URL in {attr.name}",
                                      Fix([edit], Applicability.SAFE, "Add https: to the URL")))
        return out

    def check(self, article, options):
        for ref in _urls.markdown_refs(article):
            url = _urls.ref_url(article, ref)
            if not url or not url.startswith("//") or url.startswith("///") or not _urls.host_of(url):
                continue
            fix = None
            if ref.url_start is not None:
                raw = article.text[ref.url_start:ref.url_end]
                at = _urls.lead(raw)
                pos = ref.url_start + at
                edit = Edit(pos, pos, "https:") if raw.startswith("//", at) else ref.replace_url("https:" + url)
                fix = Fix([edit], Applicability.SAFE, "Add https: to the URL")
            yield self.violation(article, *_urls.ref_span(ref), "protocol-relative URL in a Markdown image", fix)


@hookimpl
def artlint_rules():
    return [ProtocolRelative()]
