"""An image in the body comes from a placeholder service.

## What it does
Reports ``<img>`` elements whose ``src`` (or lazy-load ``data-src`` / ``data-original``) is on a
placeholder host: ``picsum.photos``, ``via.placeholder.com``, ``dummyimage.com`` and the others listed
in the ``[[placeholder-image]]`` sections of the rule packs (``rules/images.toml``). Subdomains of a
listed host count too.

In a Markdown body, ``![alt](url)`` images are checked too.

## Why is this bad?
A placeholder is a random or generic picture, never the article's own: ``picsum.photos/400/300?random=3``
shows a different stock photo on every load, and it tells readers nothing. Feed generators insert
them when an item has no image; they should be replaced by a real picture or removed.

## Example
```html
<p><img src="https://picsum.photos/400/300?random=3" alt="cover"></p>
```

## Use instead
```html
<p><img src="https://img.ithome.com/newsuploadfiles/2021/9/8c4e.jpg" alt="The new phone"></p>
```

## Options
None. Add hosts with a rule pack: ``[[placeholder-image]]`` entries with ``host`` and ``reason``.

## Fix safety
No fix: which picture should stand in is an editor's choice (the front-matter cover rule handles
placeholder covers).
"""

from __future__ import annotations

from ..hookspecs import hookimpl
from ..rule import Rule
from ..violation import Severity
from . import _urls


_hosts = _urls.host_reasons("placeholder image service")


class PlaceholderImage(Rule):
    code = "IMG003"
    name = "placeholder-image"
    summary = "Image from a placeholder service"
    groups = ("images",)
    severity = Severity.WARNING
    tags = ("img",)

    def check_element(self, el, article, options):
        hosts = _urls.pack_table(article.context.get("packs"), "placeholder-image", _hosts)
        if not hosts:
            return ()
        for attr, url in _urls.article_image_urls(el, article):
            match = _urls.host_in(_urls.host_of(url), hosts)
            if match:
                return (self.violation(article, attr.start, attr.end,
                                       f"image from placeholder host {match} ({hosts[match]})"),)
        return ()

    def check(self, article, options):
        refs = _urls.markdown_refs(article)
        hosts = _urls.pack_table(article.context.get("packs"), "placeholder-image", _hosts) if refs else None
        if not hosts:
            return
        for ref in refs:
            url = _urls.ref_url(article, ref)
            match = _urls.host_in(_urls.host_of(url), hosts) if url else None
            if match:
                yield self.violation(article, *_urls.ref_span(ref),
                                     f"image from placeholder host {match} ({hosts[match]})")


@hookimpl
def artlint_rules():
    return [PlaceholderImage()]
