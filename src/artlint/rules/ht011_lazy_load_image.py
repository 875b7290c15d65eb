"""Lazy-load image markup that needs the source site's JavaScript.

## What it does
Checks ``<img>`` elements with a lazy-load attribute (``data-original``, ``data-src``,
``data-lazy-src``, ``data-actualsrc``, ``data-lazyload``):

- when ``src`` is missing, empty, or a placeholder (a ``data:`` URI, ``about:blank``, a
  ``loading.gif``/``blank.gif``-style spacer), the real URL is moved into ``src``;
- when ``src`` already holds the same URL (or the same URL behind a proxy), the lazy-load attribute
  is redundant and removed;
- when they differ, the image is reported and left alone.

Lazy-load class names left behind (``class="lazy opacity_0"``) are removed along with it.

## Why is this bad?
Lazy loading by attribute needs the source site's script: without it the reader sees a spacer GIF,
a grey box, or (with ``opacity_0``) nothing at all. Redundant attributes double every image URL in
the file and keep the source's hot-link URL next to the one you serve.

## Example
```html
<img class="lazy opacity_0" data-original="https://zkres1.myzaker.com/202110/a.jpg" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="图">
```

## Use instead
```html
<img src="https://zkres1.myzaker.com/202110/a.jpg" alt="图" loading="lazy">
```

## Options
- ``attributes`` (list of strings, default ``["data-original", "data-src", "data-lazy-src",
  "data-actualsrc", "data-lazyload"]``): the lazy-load attributes, most trusted first.
- ``classes`` (list of strings, default ``["lazy", "lazyload", "lazyloaded", "opacity_0"]``): class
  names of lazy-load scripts, removed with the attribute.

## Fix safety
Safe: the URL the script would have loaded becomes ``src`` (the attribute is renamed in place, so its
value stays byte for byte), or a lazy-load attribute that repeats ``src`` is dropped. Images whose two
URLs differ are not touched. Use ``loading="lazy"`` for native lazy loading.
"""

from __future__ import annotations

import re

from ..edits import Applicability, Edit, Fix
from ..hookspecs import hookimpl
from ..rule import Rule
from ..violation import Severity
from . import _urls
from ._util import attr_removal

_DEFAULT_ATTRS = ["data-original", "data-src", "data-lazy-src", "data-actualsrc", "data-lazyload"]
_DEFAULT_CLASSES = ["lazy", "lazyload", "lazyloaded", "opacity_0"]
_SPACER = re.compile(r"(?:^|/)(?:loading|blank|grey|gray|spacer|pixel|placeholder|lazy|transparent|"
                     r"default|1x1)[\w.-]*\.(?:gif|png|svg|jpg|webp)(?:[?#]|$)", re.I)


def _placeholder(src: str) -> bool:
    s = src.strip()
    return not s or s.lower().startswith(("data:", "about:blank", "javascript:")) or \
        _SPACER.search(s.split("?", 1)[0]) is not None


def _same(src: str, lazy: str) -> bool:
    """Whether ``src`` loads the lazy URL: equal, equal but for the scheme, or wrapping it (a proxy)."""
    a, b = src.strip(), lazy.strip()
    if a == b:
        return True
    bare = b.split("://", 1)[-1].lstrip("/")
    return bool(bare) and (a.split("://", 1)[-1].lstrip("/") == bare or a.endswith(b) or a.endswith(bare))


class LazyLoadImage(Rule):
    code = "HT011"
    name = "lazy-load-image"
    summary = "Lazy-load image markup (data-original, data-src, lazy classes)"
    groups = ("html", "images", "cleanup")
    fix = "safe"
    severity = Severity.WARNING
    tags = ("img",)
    options_schema = {
        "type": "object",
        "properties": {
            "attributes": {"type": "array", "items": {"type": "string"}, "default": _DEFAULT_ATTRS},
            "classes": {"type": "array", "items": {"type": "string"}, "default": _DEFAULT_CLASSES},
        },
        "additionalProperties": False,
    }

    def check_element(self, el, article, options):
        text = article.text
        # Neither a lazy-load attribute nor class anywhere in the start tag (in any case): nothing to
        # read, and the attributes need not be parsed here.
        low = text[el.start:el.start_tag_end].lower()
        if "class" not in low and not any(n in low for n in options["attributes"]):
            return ()
        lazy_attrs = [a for a in (el.attr(n) for n in options["attributes"]) if a is not None]
        cls = el.attr("class")
        leftovers = [c for c in (cls.value or "").split() if c in options["classes"]] if cls is not None else []
        if not lazy_attrs and not leftovers:
            return ()
        edits: list[Edit] = []
        lazy = next((a for a in lazy_attrs if a.value and a.value.strip() and not _urls.has_template(
            _urls.raw(text, a))), None)
        src = el.attr("src")
        src_value = None if src is None else (src.value or "")
        if lazy is not None and (src is None or _placeholder(src_value)):
            # Rename the lazy attribute to src in place: its value stays byte for byte.
            edits.append(Edit(lazy.start, lazy.start + len(lazy.name), "src"))
            if src is not None:
                edits.append(attr_removal(text, src, el.start))
            edits.extend(attr_removal(text, a, el.start) for a in lazy_attrs if a is not lazy)
            msg = f"image URL only in {lazy.name}; src is " + ("missing" if src is None else
                                                                 "empty" if not src_value.strip() else
                                                                 "a placeholder")
        elif lazy is not None and not _same(src_value, lazy.value):
            return (self.violation(article, lazy.start, lazy.end,
                                   f"{lazy.name} and src name different images; check which is right"),)
        else:
            edits.extend(attr_removal(text, a, el.start) for a in lazy_attrs)
            msg = (f"redundant {', '.join(a.name for a in lazy_attrs)} (src has the same image)"
                   if lazy_attrs else f"lazy-load class {' '.join(leftovers)} without lazy loading")
        if leftovers:
            msg += f"; lazy-load class {' '.join(leftovers)}" if lazy_attrs else ""
            keep = [c for c in cls.value.split() if c not in options["classes"]]
            if keep:
                edits.append(_urls.set_value(text, cls, " ".join(keep)))
            else:
                edits.append(attr_removal(text, cls, el.start))
        return (self.violation(article, el.start, el.start_tag_end, msg,
                               Fix(edits, Applicability.SAFE, "Use src and drop the lazy-load markup")),)


@hookimpl
def artlint_rules():
    return [LazyLoadImage()]
