"""An image is embedded as a large ``data:`` URI.

## What it does
Reports ``<img>`` elements whose ``src`` is a ``data:image/…`` URI longer than ``max-bytes``
characters as written in the file (10 KB by default). Small inline images (1×1 lazy-load
placeholders, icons) are fine. ``data:`` URIs of other types in an image are a security matter for
the unsafe-markup rules, not this one.

In a Markdown body, ``![alt](data:…)`` images are checked too.

## Why is this bad?
A base64 image is a third larger than the file it encodes, cannot be cached or shared between pages,
and bloats every copy of the article (feeds, search indexes, diffs in version control). Editors
scrolling the source meet a wall of base64 instead of text.

## Example
```html options={"max-bytes": 256}
<p><img alt="chart" src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAA00lEQVR4AQHIADf/AAAfPl18m7rZ+Bc2VXSTstHwDy5NbIuqyQARME9ujazL6gkoR2aFpMPiASA/Xn2cu9oAIkFgf5693PsaOVh3lrXU8xIxUG+OrczrADNScZCvzu0MK0ppiKfG5QQjQmGAn77d/ABEY4KhwN/+HTxbepm41/YVNFNykbDP7g0AVXSTstHwDy5NbIuqyegHJkVkg6LB4P8eAGaFpMPiASA/Xn2cu9r5GDdWdZSz0vEQLwB3lrXU8xIxUG+OrczrCilIZ4alxOMCIUARc2ABz1GETgAAAABJRU5ErkJggg=="></p>
```
(Shown with ``max-bytes = 256``: at the default the example would be 10 KB long.)

## Use instead
```html
<p><img alt="chart" src="/images/chart.png"></p>
```

## Options
- ``max-bytes`` (integer, default ``10240``): the longest ``data:`` image URI accepted, in characters
  as written (for base64 data that is about 4/3 of the image's size).

## Fix safety
No fix: the image would have to be written to a file and the site's static folder is the editor's
business.
"""

from __future__ import annotations

from ..hookspecs import hookimpl
from ..rule import Rule
from ..violation import Severity
from . import _urls


class DataUriSize(Rule):
    code = "IMG008"
    name = "data-uri-size"
    summary = "Large data: image embedded in the article"
    groups = ("images", "size")
    severity = Severity.WARNING
    tags = ("img",)
    options_schema = {
        "type": "object",
        "properties": {"max-bytes": {"type": "integer", "minimum": 0, "default": 10240}},
        "additionalProperties": False,
    }

    def check_element(self, el, article, options):
        attr = el.attr("src")
        if attr is None or attr.value is None:
            return ()
        size = attr.value_end - attr.value_start
        limit = options["max-bytes"]
        if size <= limit:
            return ()
        head = attr.value[:48].lstrip().lower()
        if not head.startswith("data:image/"):
            return ()
        kind = head[11:].split(";")[0].split(",")[0]
        return (self.violation(article, attr.start, attr.end,
                               f"inline data: image ({kind}) is {_kb(size)}, over the {_kb(limit)} limit"),)

    def check(self, article, options):
        limit = options["max-bytes"]
        for ref in _urls.markdown_refs(article):
            if ref.url_start is None or ref.url_end - ref.url_start <= limit:
                continue
            head = (ref.url or "")[:48].lstrip().lower()
            if head.startswith("data:image/"):
                kind = head[11:].split(";")[0].split(",")[0]
                size = ref.url_end - ref.url_start
                yield self.violation(article, ref.url_start, ref.url_end,
                                     f"inline data: image ({kind}) is {_kb(size)}, over the {_kb(limit)} limit")


def _kb(n: int) -> str:
    return f"{n} bytes" if n < 1024 else f"{n / 1024:.1f} KB"


@hookimpl
def artlint_rules():
    return [DataUriSize()]
