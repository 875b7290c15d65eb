"""What the online rules share: pairing each URL of the article with the engine's verdict for it."""

from __future__ import annotations

import re
from typing import Iterator

from ..edits import Edit
from ..online import CONTEXT_KEY, UrlRef, Verdict, refs

IMAGE_KINDS = ("img", "cover")
_PLAIN_UNSAFE = re.compile(r"^[\s\-?:,\[\]{}#&*!|>'\"%@`]|: | #|\s$")


def checked(article, kinds: tuple[str, ...]) -> Iterator[tuple[UrlRef, Verdict]]:
    """(reference, verdict) for each URL of the given kinds that the engine checked; nothing when
    online checking is off (no verdicts in the context)."""
    verdicts = article.context.get(CONTEXT_KEY)
    if not verdicts:
        return
    for ref in refs(article, links=True):
        if ref.kind in kinds:
            v = verdicts.get(ref.url)
            if v is not None:
                yield ref, v


def where(ref: UrlRef) -> str:
    return f"cover image ({ref.attr})" if ref.kind == "cover" else "image" if ref.kind == "img" else "link"


def url_edit(article, ref: UrlRef, new: str) -> Edit | None:
    """An edit writing ``new`` in place of the reference's URL, quoted as the old one was; None when
    that cannot be done without touching other bytes."""
    if not ref.editable:
        return None
    if ref.source is not None:
        return ref.source.replace_url(new)
    raw = article.text[ref.start:ref.end]
    if ref.kind == "cover":
        from ._util import yaml_scalar

        style = ref.quote
        fmt = article.front_matter.format
        if style == "" and (fmt != "yaml" or _PLAIN_UNSAFE.search(new)):
            return None
        if style == "'" and (fmt != "yaml" and "'" in new):
            return None
        return Edit(ref.start, ref.end, yaml_scalar(new, style))
    value = new
    if "&amp;" in raw or "&" not in raw:
        value = value.replace("&", "&amp;")
    if ref.quote == '"':
        value = value.replace('"', "&quot;")
    elif ref.quote == "'":
        value = value.replace("'", "&#39;")
    elif any(c in value for c in " \t\n\"'=<>`"):
        return None
    return Edit(ref.start, ref.end, value)
