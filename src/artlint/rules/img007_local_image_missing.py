"""A local image path points at a file that does not exist.

## What it does
When the top-level ``static-dir`` setting names the folder the site serves files from (Hugo
``static``, Hexo ``source``, a Jekyll site root), reports ``<img>`` elements whose ``src`` is a local
path with no file behind it:

- a root-relative path (``/images/chart.png``) must exist under ``static-dir``; when ``site-url`` has a
  path (``https://example.github.io/blog/``), ``/blog/images/chart.png`` is looked up as
  ``images/chart.png`` too;
- a relative path (``chart.png``, ``./img/chart.png``) must exist next to the article (Hugo page
  bundles, plain folders) or in the article's asset folder, the folder named like the article file
  without its extension (Hexo ``post_asset_folder``: ``_posts/my-post.md`` and
  ``_posts/my-post/chart.png``).

Absolute URLs, ``data:`` URIs, protocol-relative URLs, template syntax and relative paths that climb
out of the article's folder (``../``, resolved against the page URL, which the file system cannot
tell) are skipped. Without ``static-dir`` the rule does nothing. The engine lists the folders once per
run (hidden folders and ``node_modules`` skipped); the rule itself never touches the file system.

In a Markdown body, ``![alt](path)`` images are checked too.

## Why is this bad?
The image is broken on the site. Typical causes: a typo, a renamed file, an image that was never
copied along with a scraped article, or a permalink-style path written by hand.

## Example
```html
<p><img src="/images/missing-chart.png" alt="Revenue by quarter"></p>
```

## Use instead
```html
<p><img src="https://example.com/images/chart.png" alt="Revenue by quarter"></p>
```

## Options
- ``ignore`` (list of globs, default ``[]``): paths (without the leading ``/``) never reported, e.g.
  ``["generated/*"]`` for files the build creates.

## Fix safety
No fix: the right file (or URL) cannot be guessed.
"""

from __future__ import annotations

import posixpath
import re
from fnmatch import fnmatchcase
from pathlib import PurePath

from ..hookspecs import hookimpl
from ..rule import Rule
from . import _urls

_SCHEME_OR_SPECIAL = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.\-]*:|//|\\\\|#|\?)")


def _site_prefix(article) -> str:
    site = (article.context.get("config") or {}).get("site-url")
    if not isinstance(site, str):
        return ""
    from urllib.parse import urlsplit

    try:
        path = urlsplit(site.strip()).path
    except ValueError:
        return ""
    path = path.strip("/")
    return path + "/" if path else ""


class LocalImageMissing(Rule):
    code = "IMG007"
    name = "local-image-missing"
    summary = "Local image file not found"
    groups = ("images",)
    tags = ("img",)
    needs = frozenset(("static_files",))
    options_schema = {
        "type": "object",
        "properties": {"ignore": {"type": "array", "items": {"type": "string"}, "default": []}},
        "additionalProperties": False,
    }

    def check_element(self, el, article, options):
        static = article.context.get("static_files")
        if static is None:
            return ()
        got = _urls.url_attr(el, "src", article.text)
        if got is None:
            return ()
        attr, url = got
        why = _missing(url, article, options, static)
        return (self.violation(article, attr.start, attr.end, why),) if why else ()

    def check(self, article, options):
        static = article.context.get("static_files")
        if static is None:
            return
        for ref in _urls.markdown_refs(article):
            url = _urls.ref_url(article, ref)
            why = _missing(url, article, options, static) if url is not None else None
            if why:
                yield self.violation(article, *_urls.ref_span(ref), why)


def _missing(url: str, article, options, static) -> str | None:
    """Why the local image ``url`` is missing, or None when it is there or is not a local path."""
    if not url or _SCHEME_OR_SPECIAL.match(url):
        return None
    from urllib.parse import unquote

    path = unquote(url.split("#", 1)[0].split("?", 1)[0]).replace("\\", "/")
    if not path or path.endswith("/"):
        return None
    if path.startswith("/"):
        rel = posixpath.normpath(path).lstrip("/")
        candidates = [(static, rel)]
        prefix = _site_prefix(article)
        if prefix and rel.startswith(prefix):
            candidates.append((static, rel[len(prefix):]))
        where = "under static-dir"
    else:
        rel = posixpath.normpath(path)
        if rel == ".." or rel.startswith("../"):
            return None
        local = article.context.get("article_files")
        if local is None:
            return None
        stem = PurePath(article.path).stem
        candidates = [(local, rel), (local, f"{stem}/{rel}")]
        where = "next to the article or in its asset folder"
    if any(fnmatchcase(rel, pat.lstrip("/")) for pat in options["ignore"]):
        return None
    if any(name in files for files, name in candidates):
        return None
    return f"image file {rel} not found {where}"


@hookimpl
def artlint_rules():
    return [LocalImageMissing()]
