"""Remove script URLs: ``javascript:``, ``vbscript:`` and non-image ``data:`` in URL attributes.

## What it does
Reads every URL-bearing attribute (``href``, ``src``, ``action``, ``formaction``, ``xlink:href``,
``poster``, ``background``, ``data``, ``srcset``, ``cite``, … and ``to``/``values`` of SVG animations)
the way a browser does: character references decoded with the HTML attribute rules, leading and
trailing C0 controls and spaces stripped, ASCII tab and newline removed anywhere, scheme compared
case-insensitively. Reports and removes the attribute when the scheme is ``javascript:``, ``vbscript:``
(or another script scheme), or ``data:`` with anything but a picture (an SVG picture only where the
browser shows it as an image, in ``<img src>``). Also reports ``srcdoc`` (a whole document in an
attribute) and ``style`` values with ``expression(`` or a script URL.

In a Markdown body, ``[text](javascript:…)`` links and ``![alt](javascript:…)`` images are
reported too; the safe fix replaces the construct by its text (an image by its alt text).

## Why is this bad?
``<a href="javascript:…">`` runs script when clicked; ``<iframe src="data:text/html,…">`` loads an
attacker's page. Sanitizers differ on these: bleach lets ``href="javascript:123"`` through.

## Example
```html
<p><a href="  jav&#x09;ascript:alert(document.domain)">点击领取红包</a></p>
```

## Use instead
```html
<p><a href="https://www.ithome.com/">点击领取红包</a></p>
```

## Options
None.

## Fix safety
Safe: the attribute is removed; a link without ``href`` keeps its text.
"""

from __future__ import annotations

from ..edits import Applicability, Edit, Fix
from ..hookspecs import hookimpl
from ..rule import Rule
from . import _urls
from ._sec import _ALL_CONTROLS as _CONTROL, ANIMATION_VALUE_ATTRS, URL_ATTRS, plain_url, unsafe_attr, unsafe_url
from ._util import attr_removal

#: attribute names ``unsafe_attr`` may object to (besides any ``…:href``)
_READ = URL_ATTRS | ANIMATION_VALUE_ATTRS | {"srcdoc", "style"}

#: the last letter of each scheme ``unsafe_url`` objects to (javascript, vbscript, livescript, jscript,
#: mocha, mhtml, wysiwyg, data), either case
_SCHEME_LAST = frozenset("tTaAlLgG")


def _worth_reading(raw: str) -> bool:
    """Whether start tag ``raw`` may hold an attribute ``unsafe_attr`` objects to. A script or data URL,
    decoded and with controls dropped, has ``scheme:`` in it: written without a character reference
    (``&``), its ``:`` stands right after the scheme's last letter or a control character, so a tag
    whose every ``:`` follows something else (``http:``, ``https:``) holds none. ``style`` and
    ``srcdoc`` attributes are always read."""
    if "&" in raw:
        return True
    i = raw.find(":")
    while i >= 0:
        c = raw[i - 1]
        if c in _SCHEME_LAST or _CONTROL.match(c):
            return True
        i = raw.find(":", i + 1)
    low = raw.lower()
    return "style" in low or "srcdoc" in low


class UnsafeUrl(Rule):
    code = "SEC007"
    name = "unsafe-url"
    summary = "javascript:, vbscript: or non-image data: URL"
    groups = ("security",)
    fix = "safe"

    def check_element(self, el, article, options):
        out = []
        text = article.text
        for a in el.attrs:
            name = a.name
            # The common cases ``unsafe_attr`` passes, decided here without a call: an attribute that
            # holds no URL, script or style, and a plain relative or http(s) URL.
            if name not in _READ:
                if not name.endswith(":href"):
                    continue
            elif name in URL_ATTRS and (a.value is None or (name != "srcset" and name != "imagesrcset" and
                                                            plain_url(text[a.value_start:a.value_end]))):
                continue
            why = unsafe_attr(el, a, text)
            if why:
                fix = Fix([attr_removal(text, a, el.start)], Applicability.SAFE, f"Remove {a.name} attribute")
                out.append(self.violation(article, a.start, a.end, f"{a.name} on <{el.tag}>: {why}", fix))
        return out

    def check(self, article, options):
        # Every element that may hold something to report, found in this loop rather than through a call
        # per element; the others' attributes are never parsed.
        text = article.text
        for el in article.html.elements:
            if el.start_tag_end - el.start <= len(el.tag) + 3 and "\u0307" not in el.tag:
                # "<tag>", "<tag/>", "<tag >": no room for an attribute (a tag name lower-cases to its
                # own length, unless it holds "İ", which leaves a U+0307 behind)
                continue
            if _worth_reading(text[el.start:el.start_tag_end]) and el.attrs:
                yield from self.check_element(el, article, options)
        # Markdown's own links and images: the construct is replaced by its text (alt text for an
        # image), as the HTML fix leaves the element without its URL.
        for ref in _urls.markdown_refs(article, "links") + _urls.markdown_refs(article, "images"):
            if ref.url is None:
                continue
            tag, name = ("img", "src") if ref.type == "image" else ("a", "href")
            why = unsafe_url(tag, name, ref.url)
            if not why:
                continue
            keep = article.text[ref.alt_start:ref.alt_end] if ref.alt_start is not None else ""
            fix = None if ref.reference else \
                Fix([Edit(ref.start, ref.end, keep)], Applicability.SAFE, f"Replace the Markdown {ref.type} by its text")
            yield self.violation(article, *_urls.ref_span(ref), f"Markdown {ref.type}: {why}", fix)


@hookimpl
def artlint_rules():
    return [UnsafeUrl()]
