"""An image is loaded through a third-party proxy.

## What it does
Reports ``<img>`` elements whose ``src`` (or lazy-load ``data-src`` / ``data-original``) goes through an
image proxy listed in the ``[[image-proxy]]`` sections of the rule packs, such as
``https://cors.zfour.workers.dev/?http://zkres1.myzaker.com/…``, and offers to unwrap it to the
original URL.

In a Markdown body, ``![alt](url)`` images are checked too (same unsafe fix on the URL).

## Why is this bad?
Feed generators wrap hot-link-protected or ``http://`` images in a free CORS proxy so they load on an
https site. The article then depends on a stranger's worker that can go away, be rate limited, log
every reader, or serve something else. The original URL is right there in the wrapped one.

## Example
```html
<p><img src="https://cors.zfour.workers.dev/?http://zkres1.myzaker.com/202209/6316a2a5b1bc8e1c0e000013_1024.jpg" referrerpolicy="no-referrer"></p>
```

## Use instead
```html
<p><img src="https://zkres1.myzaker.com/202209/6316a2a5b1bc8e1c0e000013_1024.jpg" referrerpolicy="no-referrer"></p>
```

## Options
None. Proxies are pack data: ``[[image-proxy]]`` entries with either ``prefix`` (the original URL
follows it; ``decode = true`` if it is percent-encoded) or ``host``/``hosts``, ``path`` and ``param``
(a query parameter holds the original URL), plus a ``reason``.

## Fix safety
Unsafe: the proxy was usually there for a reason. The original is often ``http://`` (mixed content on an
https site, see ``mixed-content``) or on a host that refuses other sites' ``Referer``; check that the
unwrapped image loads. No fix is offered when the original URL cannot be recovered as a plain http(s)
URL.
"""

from __future__ import annotations

from ..edits import Applicability, Fix
from ..hookspecs import hookimpl
from ..rule import Rule
from ..violation import Severity
from . import _urls

class ProxiedImage(Rule):
    code = "IMG004"
    name = "proxied-image"
    summary = "Image loaded through a third-party proxy"
    groups = ("images",)
    severity = Severity.WARNING
    fix = "unsafe"
    tags = ("img",)

    def check_element(self, el, article, options):
        table = _urls.wrappers(article.context.get("packs"), "image-proxy")
        if not table:
            return ()
        out = []
        for attr, url in _urls.article_image_urls(el, article):
            hit = table.match(url)
            if hit is None:
                continue
            label, target, _ = hit
            fix = None
            if target is not None:
                fix = Fix([_urls.set_value(article.text, attr, target)], Applicability.UNSAFE,
                          "Load the image from its original URL")
            out.append(self.violation(article, attr.start, attr.end,
                                      f"image loaded through proxy {label}", fix))
        return out

    def check(self, article, options):
        for ref, label, _, edit in _urls.wrapped_refs(article, "image-proxy"):
            fix = Fix([edit], Applicability.UNSAFE, "Load the image from its original URL") if edit else None
            yield self.violation(article, *_urls.ref_span(ref), f"image loaded through proxy {label}", fix)


@hookimpl
def artlint_rules():
    return [ProxiedImage()]
