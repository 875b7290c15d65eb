"""An image is loaded over plain ``http://``.

## What it does
Reports ``<img src="http://…">`` when the site is served over https: when the top-level ``site-url``
setting starts with ``https://``, or when it is not set (most sites are https today). With an
``http://`` ``site-url`` the rule stays quiet. Images on ``localhost`` are left alone.

In a Markdown body, ``![alt](url)`` images are checked too (same unsafe fix on the URL).

## Why is this bad?
An https page that loads an ``http://`` image is mixed content: browsers upgrade the request to https
and show a broken image if the host does not answer there, or flag the page as not fully secure. The
image can also be altered on the way.

## Example
```html
<p><img src="http://lain.bgm.tv/pic/cover/l/e7/6a/325178_WwzcM.jpg" referrerpolicy="no-referrer"></p>
```

## Use instead
```html
<p><img src="https://lain.bgm.tv/pic/cover/l/e7/6a/325178_WwzcM.jpg" referrerpolicy="no-referrer"></p>
```

## Options
None. The site's scheme comes from the top-level ``site-url`` setting (``site-url =
"https://example.com"`` in ``[tool.artlint]``).

## Fix safety
Unsafe: the fix changes ``http://`` to ``https://``, which only works if the host serves the same image
over https. Check the image after fixing (the online image checks can do it for you).
"""

from __future__ import annotations

from ..edits import Applicability, Edit, Fix
from ..hookspecs import hookimpl
from ..rule import Rule
from ..violation import Severity
from . import _urls


def _upgrade_edit(text: str, attr) -> Edit:
    """``http:`` → ``https:`` as one inserted character where the scheme is written plainly."""
    raw = _urls.raw(text, attr)
    at = _urls.lead(raw)
    if raw[at:at + 5].lower() == "http:":
        pos = attr.value_start + at + 4
        return Edit(pos, pos, "s" if raw[at:at + 4].islower() else "S")
    value = attr.value.strip()
    return _urls.set_value(text, attr, "https" + value[4:])


class MixedContent(Rule):
    code = "IMG005"
    name = "mixed-content"
    summary = "http:// image on an https site"
    groups = ("images", "security")
    severity = Severity.WARNING
    fix = "unsafe"
    tags = ("img",)

    def check_element(self, el, article, options):
        got = _urls.url_attr(el, "src", article.text)
        if got is None:
            return ()
        attr, url = got
        if url[:5].lower() != "http:" or not _urls.site_is_https(article):
            return ()
        host = _urls.host_of(url)
        if _urls.is_local_host(host):
            return ()
        fix = Fix([_upgrade_edit(article.text, attr)], Applicability.UNSAFE, "Load the image over https")
        return (self.violation(article, attr.start, attr.end,
                               f"image from {host or 'an http URL'} is loaded over http on an https site",
                               fix),)

    def check(self, article, options):
        refs = _urls.markdown_refs(article)
        if not refs or not _urls.site_is_https(article):
            return
        for ref in refs:
            url = _urls.ref_url(article, ref)
            if not url or url[:5].lower() != "http:":
                continue
            host = _urls.host_of(url)
            if _urls.is_local_host(host):
                continue
            fix = None
            if ref.url_start is not None:
                raw = article.text[ref.url_start:ref.url_end]
                at = _urls.lead(raw)
                edit = Edit(ref.url_start + at + 4, ref.url_start + at + 4,
                            "s" if raw[at:at + 4].islower() else "S") if raw[at:at + 5].lower() == "http:" \
                    else ref.replace_url("https" + url[4:])
                fix = Fix([edit], Applicability.UNSAFE, "Load the image over https")
            yield self.violation(article, *_urls.ref_span(ref),
                                 f"image from {host or 'an http URL'} is loaded over http on an https site", fix)


@hookimpl
def artlint_rules():
    return [MixedContent()]
