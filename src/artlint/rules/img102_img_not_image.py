"""An image URL that serves something other than an image.

## What it does
With online checking on (``--online``), reports image and cover URLs whose server answers with a
``Content-Type`` that is not ``image/*`` (an HTML login or error page, JSON, …). Generic binary types
(``application/octet-stream``) and a missing type are not reported: browsers sniff those and show the
image.

## Why is this bad?
The browser shows a broken image. A host that answers an image URL with an HTML page usually serves an
error, a login wall or a "this image was hot-linked" notice.

## Example
```html
<img alt="Chart" src="https://example.com/login.png">
```

## Use instead
```html
<img alt="Chart" src="https://example.com/chart.png">
```

## Options
None.

## Fix safety
No fix.
"""

from __future__ import annotations

from ..hookspecs import hookimpl
from ..rule import Rule
from ._online import IMAGE_KINDS, checked, where


class ImgNotImage(Rule):
    code = "IMG102"
    name = "img-not-image"
    summary = "Image URL serves something that is not an image"
    groups = ("images", "online")
    needs = frozenset({"online"})

    def check(self, article, options):
        return [self.violation(article, ref.start, ref.end, f"{where(ref)} URL serves {v.mime}, not an image: "
                               f"{ref.url}")
                for ref, v in checked(article, IMAGE_KINDS) if v.served and v.looks_like_image is False]


@hookimpl
def artlint_rules():
    return [ImgNotImage()]
