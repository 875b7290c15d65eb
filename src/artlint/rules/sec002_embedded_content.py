"""Remove embedded documents and plug-ins: ``<iframe>``, ``<object>``, ``<embed>``, ``<applet>``, ``<frame>``.

## What it does
Reports ``<iframe>``, ``<frame>``, ``<frameset>``, ``<object>``, ``<embed>``, ``<applet>`` and
``<portal>`` elements and removes them. Frames whose ``src`` is on a host listed in ``allow-hosts``
(a video player you trust, say) are left alone.

## Why is this bad?
An embedded document is a page of its own, chosen by whoever wrote the feed: it can show a fake login
form, play ads, or run plug-in code. Scraped players also stop working when the source site changes its
embed URLs.

## Example
```html
<p align="center">
<iframe src="https://player.youku.com/embed/XNTg5NTc0MzYzNg==" allowfullscreen width="640" height="480"></iframe>
</p>
```

## Use instead
```html
<p align="center"><a href="https://v.youku.com/v_show/id_XNTg5NTc0MzYzNg==.html">预告片</a></p>
```

## Options
- ``allow-hosts`` (list of strings, default ``[]``): hosts (and their subdomains) whose ``https``
  frames and embeds are kept, for example ``["player.bilibili.com", "www.youtube-nocookie.com"]``.

## Fix safety
Safe: the element is removed whole, including an ``<object>``'s fallback content.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from ..edits import delete
from ..hookspecs import hookimpl
from ..rule import Rule
from ._sec import EMBED_TAGS, attr_value


def _host_allowed(url: str, hosts) -> bool:
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    host = (parts.hostname or "").lower()
    return parts.scheme == "https" and any(host == h or host.endswith("." + h) for h in hosts)


class EmbeddedContent(Rule):
    code = "SEC002"
    name = "embedded-content"
    summary = "Embedded document or plug-in (<iframe>, <object>, <embed>, …)"
    groups = ("security",)
    fix = "safe"
    tags = tuple(sorted(EMBED_TAGS))
    options_schema = {
        "type": "object",
        "properties": {"allow-hosts": {"type": "array", "items": {"type": "string"}, "default": []}},
        "additionalProperties": False,
    }

    def check_element(self, el, article, options):
        hosts = [h.lower().strip(".") for h in options["allow-hosts"]]
        if hosts and not el.has("srcdoc"):
            a = el.attr("data" if el.tag == "object" else "src")
            url = attr_value(a, article.text) if a is not None else None
            if url and _host_allowed(url, hosts):
                return ()
        src = el.get("src") or el.get("data") or ""
        where = f" ({src[:60]})" if src else ""
        return (self.violation(article, el.start, el.start_tag_end, f"<{el.tag}> embeds other content{where}",
                               delete(el.start, el.end, f"Remove <{el.tag}> element")),)


@hookimpl
def artlint_rules():
    return [EmbeddedContent()]
