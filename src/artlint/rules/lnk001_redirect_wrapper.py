"""A link goes through a site's redirect wrapper instead of to its target.

## What it does
Reports ``<a>`` and ``<area>`` links whose ``href`` is an outbound-link interstitial such as
``https://www.oschina.net/action/GoToLink?url=https%3A%2F%2Fgithub.com%2F…``, ``link.zhihu.com/?target=``,
``weibo.cn/sinaurl?u=`` or ``link.juejin.cn/?target=`` (the ``[[redirect-wrapper]]`` sections of the
rule packs, ``rules/links.toml``), and rewrites the link to the real, percent-decoded address.

In a Markdown body, ``[text](url)`` links are checked and fixed too.

## Why is this bad?
The wrapper belongs to the site the article was scraped from: readers get a "you are leaving 开源中国"
page or a tracking hop, the link dies when that site changes its redirector, and the reader cannot see
where the link goes by hovering it.

## Example
```html
<p>详情见 <a href="https://www.oschina.net/action/GoToLink?url=https%3A%2F%2Fgithub.com%2Fakka%2Fakka%2Fissues%2F30327" target="_blank">GitHub</a></p>
```

## Use instead
```html
<p>详情见 <a href="https://github.com/akka/akka/issues/30327" target="_blank">GitHub</a></p>
```

## Options
None. Wrappers are pack data: ``[[redirect-wrapper]]`` entries with ``host`` or ``hosts``, ``path`` and
``param`` (the query parameter holding the target), plus a ``reason``.

## Fix safety
Safe when the decoded target is a plain absolute ``http(s)`` URL (no spaces, quotes or angle
brackets): the link goes where it went before, minus the hop. Otherwise (``javascript:``, a relative
or damaged target) the link is reported without a fix.
"""

from __future__ import annotations

from ..edits import Applicability, Fix
from ..hookspecs import hookimpl
from ..rule import Rule
from ..violation import Severity
from . import _urls


class RedirectWrapper(Rule):
    code = "LNK001"
    name = "redirect-wrapper"
    summary = "Link through a redirect wrapper"
    groups = ("links",)
    severity = Severity.WARNING
    fix = "safe"
    tags = ("a", "area")

    def check_element(self, el, article, options):
        table = _urls.wrappers(article.context.get("packs"), "redirect-wrapper")
        if not table:
            return ()
        got = _urls.url_attr(el, "href", article.text)
        if got is None:
            return ()
        attr, url = got
        hit = table.match(url)
        if hit is None:
            return ()
        label, target, _ = hit
        fix = None
        if target is not None:
            fix = Fix([_urls.set_value(article.text, attr, target)], Applicability.SAFE, "Link to the target directly")
        return (self.violation(article, attr.start, attr.end, _message(label, target), fix),)

    def check(self, article, options):
        for ref, label, target, edit in _urls.wrapped_refs(article, "redirect-wrapper", "links"):
            fix = Fix([edit], Applicability.SAFE, "Link to the target directly") if edit else None
            yield self.violation(article, *_urls.ref_span(ref), _message(label, target), fix)


def _message(label: str, target: str | None) -> str:
    if target is None:
        return f"link goes through the {label} redirect and its target cannot be recovered"
    shown = target if len(target) <= 80 else target[:77] + "..."
    return f"link goes through the {label} redirect; it points to {shown}"


@hookimpl
def artlint_rules():
    return [RedirectWrapper()]
