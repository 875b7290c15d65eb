"""A link points to a plain ``http://`` address.

## What it does
Reports ``<a>`` and ``<area>`` links whose ``href`` starts with ``http://`` (``localhost`` excepted).
Offline, the rule cannot tell whether the site also answers over https, so it only reports; it is part
of the ``strict`` preset, not the default.

In a Markdown body, ``[text](http://…)`` and ``<http://…>`` links are reported too.

## Why is this bad?
Readers who follow the link leave https: the page can be read or altered on the way, and many browsers
warn or upgrade the request. Most sites serve https today, and scraped articles keep the http
addresses their source wrote years ago.

## Example
```html
<p>项目主页：<a href="http://bocloud.com.cn/">博云</a></p>
```

## Use instead
```html
<p>项目主页：<a href="https://bocloud.com.cn/">博云</a></p>
```

## Options
None.

## Fix safety
No fix: whether the https address works is only known online.
"""

from __future__ import annotations

from ..hookspecs import hookimpl
from ..rule import Rule
from ..violation import Severity
from . import _urls


class InsecureLink(Rule):
    code = "LNK005"
    name = "insecure-link"
    summary = "Link to an http:// address"
    groups = ("links", "security")
    severity = Severity.INFO
    tags = ("a", "area")

    def check_element(self, el, article, options):
        got = _urls.url_attr(el, "href", article.text)
        if got is None:
            return ()
        attr, url = got
        if url[:7].lower() != "http://":
            return ()
        host = _urls.host_of(url)
        if not host or _urls.is_local_host(host):
            return ()
        return (self.violation(article, attr.start, attr.end, f"link to {host} uses http"),)

    def check(self, article, options):
        for ref in _urls.markdown_refs(article, "links"):
            url = _urls.ref_url(article, ref)
            if not url or url[:7].lower() != "http://":
                continue
            host = _urls.host_of(url)
            if host and not _urls.is_local_host(host):
                yield self.violation(article, *_urls.ref_span(ref), f"link to {host} uses http")


@hookimpl
def artlint_rules():
    return [InsecureLink()]
