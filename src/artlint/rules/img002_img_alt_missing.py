"""A content image needs alternative text.

## What it does
Reports ``<img>`` elements that have no ``alt`` attribute, a valueless one (``<img src=… alt
referrerpolicy=…>``, as Sina writes it), or an ``alt`` that is empty or only whitespace; in a Markdown
body, also ``![](…)`` images with empty alt text.

Images marked as decorative are left alone: ``role="presentation"`` or ``role="none"``,
``aria-hidden="true"``, the ``hidden`` attribute, and tracking pixels (``width`` and ``height`` both
0 or 1).

## Why is this bad?
Screen readers announce an image without ``alt`` by its file name (``aa05-546446aa050e….jpg``), and
readers with images off, feed readers and search engines get nothing at all. ``alt=""`` is the standard
way to say "decorative, skip me", but in scraped articles it is the source CMS's default for every
photo, not an editor's decision, so by default it is reported too (see the option).

## Example
```html
<p><img src="https://n.sinaimg.cn/finance/crawl/117/w550h367/20210929/6b63-7b0b1b0d2d.jpg" alt referrerpolicy="no-referrer"></p>
```

## Use instead
```html
<p><img src="https://n.sinaimg.cn/finance/crawl/117/w550h367/20210929/6b63-7b0b1b0d2d.jpg" alt="Evergrande headquarters in Shenzhen" referrerpolicy="no-referrer"></p>
<p><img src="/img/divider.png" alt="" role="presentation"></p>
```

## Options
- ``allow-empty-alt`` (boolean, default ``false``): accept ``alt=""`` (and a valueless ``alt``) as a
  deliberate "decorative" marker; only a missing ``alt`` is reported then.

## Fix safety
No fix: only a person can say what a picture shows, and a made-up alt text is worse than none.
"""

from __future__ import annotations

from ..hookspecs import hookimpl
from ..rule import Rule
from ..violation import Severity
from . import _urls

_DECORATIVE_ROLES = frozenset(("presentation", "none"))


def _tiny(value: str | None) -> bool:
    if value is None:
        return False
    v = value.strip().lower().removesuffix("px").strip()
    return v in ("0", "1")


class ImgAltMissing(Rule):
    code = "IMG002"
    name = "img-alt-missing"
    summary = "<img> without alt text"
    groups = ("images", "accessibility")
    severity = Severity.WARNING
    tags = ("img",)
    options_schema = {
        "type": "object",
        "properties": {"allow-empty-alt": {"type": "boolean", "default": False}},
        "additionalProperties": False,
    }

    def check_element(self, el, article, options):
        alt = el.attr("alt")
        if alt is not None and alt.value is not None and alt.value.strip():
            return ()
        if alt is not None and options["allow-empty-alt"]:
            return ()
        role = (el.get("role") or "").strip().lower()
        if role in _DECORATIVE_ROLES or (el.get("aria-hidden") or "").strip().lower() == "true" \
                or el.has("hidden"):
            return ()
        if _tiny(el.get("width")) and _tiny(el.get("height")):
            return ()
        if alt is None:
            what = "no alt attribute"
        elif alt.value is None:
            what = "a valueless alt attribute"
        else:
            what = "an empty alt"
        return (self.violation(article, el.start, el.start_tag_end, f"<img> has {what}"),)

    def check(self, article, options):
        if options["allow-empty-alt"]:
            return
        for ref in _urls.markdown_refs(article):
            if not (ref.alt or "").strip():
                yield self.violation(article, ref.start, ref.end, "Markdown image has no alt text")


@hookimpl
def artlint_rules():
    return [ImgAltMissing()]
