"""A ``srcset`` with empty, insecure or protocol-relative candidates.

## What it does
Checks the ``srcset`` of ``<img>`` and ``<source>`` elements, candidate by candidate (split on commas
as browsers do, with the width or density descriptor after the URL):

- a ``srcset`` with no candidate at all, or an empty candidate (``a.jpg 1x, , b.jpg 2x``);
- a candidate with a descriptor that is not a width (``640w``) or a density (``2x``);
- ``http://`` candidates on an https site (see ``mixed-content`` and the ``site-url`` setting);
- protocol-relative candidates (``//host/…``), which get ``https:`` in front.

## Why is this bad?
Browsers drop bad candidates silently, so a broken ``srcset`` shows up only as a blurry or missing
picture on some screens. ``http://`` and ``//`` candidates have the same problems as in ``src``
(mixed content; no scheme outside the source site), but hide in an attribute few people read.

## Example
```html
<p><img src="https://example.com/a-640.jpg" srcset="//example.com/a-640.jpg 640w, http://example.com/a-1280.jpg 1280w" alt="Harbour"></p>
```

## Use instead
```html
<p><img src="https://example.com/a-640.jpg" srcset="https://example.com/a-640.jpg 640w, https://example.com/a-1280.jpg 1280w" alt="Harbour"></p>
```

## Options
None.

## Fix safety
Safe for protocol-relative candidates: ``https:`` is inserted before each ``//``, nothing else moves.
The other findings are reported without a fix (upgrading ``http://`` is left to a person, as in
``mixed-content``).
"""

from __future__ import annotations

import re

from ..edits import Applicability, Edit, Fix
from ..hookspecs import hookimpl
from ..rule import Rule
from ..violation import Severity
from . import _urls

_DESCRIPTOR = re.compile(r"^(?:\d+w|\d*\.?\d+(?:[eE][+-]?\d+)?x|\d+h)$")
_WS = " \t\n\r\f"


def _candidates(raw: str):
    """(url_start, url, descriptors) per candidate of a raw srcset value; None for an empty one.

    Follows the HTML srcset parser: a URL runs to whitespace; a trailing comma ends the candidate.
    """
    i, n = 0, len(raw)
    while i < n:
        commas = 0
        while i < n and (raw[i] in _WS or raw[i] == ","):
            commas += raw[i] == ","
            i += 1
        if commas:  # a comma between candidates that ended already: an empty candidate
            yield None
        if i >= n:
            return
        start = i
        while i < n and raw[i] not in _WS:
            i += 1
        url = raw[start:i]
        descriptors = ""
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            d_start = i
            while i < n and raw[i] != ",":
                i += 1
            descriptors = raw[d_start:i].strip(_WS)
            i += 1
        yield start, url, descriptors


class Srcset(Rule):
    code = "IMG010"
    name = "srcset"
    summary = "Broken or insecure srcset candidates"
    groups = ("images",)
    severity = Severity.WARNING
    fix = "safe"
    attributes = ("srcset",)

    def check_element(self, el, article, options):
        if el.tag not in ("img", "source"):
            return ()
        attr = el.attr("srcset")
        if attr is None:
            return ()
        text = article.text
        raw = _urls.raw(text, attr)
        if _urls.has_template(raw) or "&" in raw:
            # Entities shift offsets between the raw and decoded value; such srcsets are rare enough
            # to be left to a person rather than parsed twice.
            return ()
        problems: list[str] = []
        edits: list[Edit] = []
        count = 0
        for cand in _candidates(raw):
            if cand is None:
                problems.append("an empty candidate")
                continue
            count += 1
            start, url, descriptors = cand
            if descriptors and not all(_DESCRIPTOR.match(d) for d in descriptors.split()):
                problems.append(f"a bad descriptor '{descriptors}'")
            if url.startswith("//") and not url.startswith("///"):
                at = attr.value_start + start
                edits.append(Edit(at, at, "https:"))
            elif url[:7].lower() == "http://" and _urls.site_is_https(article) \
                    and not _urls.is_local_host(_urls.host_of(url)):
                problems.append(f"an http candidate ({url[:60]})")
        if not count:
            problems.insert(0, "no candidates")
        out = []
        if edits:
            out.append(self.violation(article, attr.start, attr.end, "srcset has protocol-relative candidates",
                                      Fix(edits, Applicability.SAFE, "Add https: to srcset candidates")))
        if problems:
            out.append(self.violation(article, attr.start, attr.end, "srcset has " + "; ".join(
                dict.fromkeys(problems))))
        return out


@hookimpl
def artlint_rules():
    return [Srcset()]
