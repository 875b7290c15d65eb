"""An image on a hot-link-protected host lacks ``referrerpolicy="no-referrer"``.

## What it does
Reports ``<img>`` elements whose ``src`` is on a host that refuses images to other sites' pages
(``n.sinaimg.cn``, ``mmbiz.qpic.cn`` and the others in the ``[[hotlink-host]]`` sections of the rule
packs, subdomains included) when the element has no ``referrerpolicy`` that hides the page's address:
``no-referrer`` or ``same-origin``. The fix adds ``referrerpolicy="no-referrer"``.

With ``report-dependence`` on, images that do carry the policy are reported too (as info): they load
only as long as the host keeps accepting requests without a ``Referer``.

In a Markdown body, ``![alt](url)`` images on those hosts are reported without a fix:
Markdown image syntax cannot carry ``referrerpolicy``.

## Why is this bad?
These hosts check the ``Referer`` header: a request from your site gets a 403 or a "this picture comes
from WeChat, do not quote" placeholder instead of the picture. Without a ``Referer`` they serve the
image, which is why feed generators add ``referrerpolicy="no-referrer"``. It is a standard attribute;
removing it as "non-standard" breaks the image.

## Example
```html
<p><img src="https://mmbiz.qpic.cn/mmbiz_jpg/f23EOWYFfgHwZia6iaNA0MHF8bM3I4Sic78vPZhazOOETicv3Ij6l02zRwW2dejfAqcCmRJeefrkp8wsfS2tsUKgZA/640?wx_fmt=jpeg" alt="QR code"/></p>
```

## Use instead
```html
<p><img src="https://mmbiz.qpic.cn/mmbiz_jpg/f23EOWYFfgHwZia6iaNA0MHF8bM3I4Sic78vPZhazOOETicv3Ij6l02zRwW2dejfAqcCmRJeefrkp8wsfS2tsUKgZA/640?wx_fmt=jpeg" alt="QR code" referrerpolicy="no-referrer"/></p>
```

## Options
- ``report-dependence`` (boolean, default ``false``): also report images on these hosts that carry the
  policy, as info, for sites that want their own copies.

Hosts are pack data: ``[[hotlink-host]]`` entries with ``host`` and ``reason``.

## Fix safety
Safe when the attribute is missing, empty or valueless: ``referrerpolicy="no-referrer"`` is added (or
given that value) after the last attribute; it only stops the browser from sending the page's address
with this one request. Unsafe when the attribute has another explicit value (``origin``,
``unsafe-url``, …): someone chose it.
"""

from __future__ import annotations

from ..edits import Applicability, Edit, Fix
from ..hookspecs import hookimpl
from ..rule import Rule
from ..violation import Severity
from . import _urls

_HIDING = frozenset(("no-referrer", "same-origin"))


_hosts = _urls.host_reasons("hot-link protected")


class HotlinkProtectedHost(Rule):
    code = "IMG009"
    name = "hotlink-protected-host"
    summary = "Hot-linked image without referrerpolicy"
    groups = ("images",)
    severity = Severity.WARNING
    fix = "both"
    tags = ("img",)
    options_schema = {
        "type": "object",
        "properties": {"report-dependence": {"type": "boolean", "default": False}},
        "additionalProperties": False,
    }

    def check_element(self, el, article, options):
        hosts = _urls.pack_table(article.context.get("packs"), "hotlink-host", _hosts)
        if not hosts:
            return ()
        got = _urls.url_attr(el, "src", article.text)
        if got is None:
            return ()
        src, url = got
        low = url[:8].lower()
        if not (low.startswith(("http://", "https://")) or url.startswith("//")):
            return ()
        host = _urls.host_in(_urls.host_of(url), hosts)
        if host is None:
            return ()
        policy = el.attr("referrerpolicy")
        value = (policy.value or "").strip().lower() if policy is not None else ""
        text = article.text
        if value in _HIDING:
            if options["report-dependence"]:
                return (self.violation(article, src.start, src.end,
                                       f"image on {host} loads only because of referrerpolicy={value}",
                                       severity=Severity.INFO),)
            return ()
        if policy is None:
            at = el.attrs[-1].end
            fix = Fix([Edit(at, at, ' referrerpolicy="no-referrer"')], Applicability.SAFE, "Add referrerpolicy")
            what = "no referrerpolicy"
        elif _urls.has_template(_urls.raw(text, policy)):
            return ()
        elif not value:
            fix = Fix([Edit(policy.start, policy.end, 'referrerpolicy="no-referrer"')], Applicability.SAFE,
                      "Set referrerpolicy to no-referrer")
            what = "an empty referrerpolicy"
        else:
            fix = Fix([_urls.set_value(text, policy, "no-referrer")], Applicability.UNSAFE,
                      "Set referrerpolicy to no-referrer")
            what = f"referrerpolicy={value}"
        return (self.violation(article, src.start, src.end,
                               f"image on hot-link-protected host {host} ({hosts[host]}) has {what}", fix),)

    def check(self, article, options):
        # Markdown image syntax cannot carry referrerpolicy: reported, the fix is an <img> by hand.
        refs = _urls.markdown_refs(article)
        hosts = _urls.pack_table(article.context.get("packs"), "hotlink-host", _hosts) if refs else None
        if not hosts:
            return
        for ref in refs:
            url = _urls.ref_url(article, ref)
            if not url or not (url[:8].lower().startswith(("http://", "https://")) or url.startswith("//")):
                continue
            host = _urls.host_in(_urls.host_of(url), hosts)
            if host is not None:
                yield self.violation(article, *_urls.ref_span(ref),
                                     f"image on hot-link-protected host {host} ({hosts[host]}) is a Markdown "
                                     "image, which cannot set referrerpolicy (write an <img> with "
                                     'referrerpolicy="no-referrer")')


@hookimpl
def artlint_rules():
    return [HotlinkProtectedHost()]
