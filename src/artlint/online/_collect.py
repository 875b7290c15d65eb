"""Which URLs an article asks the network about, with their spans: one function for the engine's
pre-fetch and for the rules that report on the answers, so both always agree."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator

#: Front-matter keys whose value is the article's cover image (Hexo themes, Hugo, Jekyll).
COVER_KEYS = ("thumbnail", "headimg", "cover")

@dataclass(frozen=True, slots=True)
class UrlRef:
    """One remote URL in an article.

    ``kind`` is ``img`` (``<img>`` ``src``, Markdown image, ``<img>``/``<source>`` ``srcset``), ``cover`` (a front-matter cover key)
    or ``link`` (``<a href>``). ``start``..``end`` is the URL's raw text in the file; ``editable`` says
    whether replacing exactly that span with a new URL keeps the file well formed (false inside a
    ``srcset`` whose raw text holds character references). ``element_start`` is the element's (or the
    front-matter key's) start, ``attr`` the attribute or key name, ``element`` the ``Element`` (None for
    a cover).
    """

    url: str
    kind: str
    start: int
    end: int
    element_start: int
    attr: str
    editable: bool = True
    quote: str = '"'
    element: Any = field(default=None, compare=False, repr=False)
    #: the article's ``markdown.Ref`` for ``<img>``/``<a>``/Markdown images and links (knows how to edit)
    source: Any = field(default=None, compare=False, repr=False)


def normalise(url: str | None) -> str | None:
    """The absolute http(s) URL a reference points at, or None (relative, data:, javascript:, …)."""
    if not url:
        return None
    url = url.strip()
    if url.startswith("//"):
        url = "https:" + url
    low = url[:8].lower()
    if not (low.startswith("http://") or low.startswith("https://")):
        return None
    if "{{" in url or "{%" in url:  # template syntax: the site generator fills it in, not a real URL
        return None
    return url


def _source_ref(r, kind: str) -> UrlRef | None:
    """A ``UrlRef`` for an article image or link (``markdown.Ref``: HTML or Markdown)."""
    url = normalise(r.url)
    if not url:
        return None
    if r.url_start is None:  # a reference-style Markdown link: report at the construct, never edit
        return UrlRef(url, kind, r.start, r.end, r.start, "", False, "", r.element, r)
    a = r.url_attr
    raw = r._source[r.url_start:r.url_end]
    lead = len(raw) - len(raw.lstrip())
    trail = len(raw) - len(raw.rstrip())
    return UrlRef(url, kind, r.url_start + lead, r.url_end - trail, r.start, a.name if a is not None else "",
                  True, a.quote if a is not None else "", r.element, r)


def _srcset_refs(el, a, text: str) -> Iterator[UrlRef]:
    raw = text[a.value_start:a.value_end]
    exact = raw == a.value  # no character references: raw offsets are value offsets
    for s, e in srcset_urls(a.value):
        url = normalise(a.value[s:e])
        if not url:
            continue
        if exact:
            yield UrlRef(url, "img", a.value_start + s, a.value_start + e, el.start, "srcset", True, a.quote, el)
        else:
            yield UrlRef(url, "img", a.value_start, a.value_end, el.start, "srcset", False, a.quote, el)


def srcset_urls(value: str) -> Iterator[tuple[int, int]]:
    """Spans of the candidate URLs in a ``srcset`` value, parsed as the HTML standard does: a URL may
    contain commas (CDN resize parameters), only a trailing comma ends it."""
    i, n = 0, len(value)
    while i < n:
        while i < n and (value[i].isspace() or value[i] == ","):
            i += 1
        if i >= n:
            return
        s = i
        while i < n and not value[i].isspace():
            i += 1
        e = i
        ended = False
        while e > s and value[e - 1] == ",":
            e -= 1
            ended = True
        if e > s:
            yield s, e
        if ended:
            continue
        depth = 0  # skip the descriptors up to the next comma outside parentheses
        while i < n and (value[i] != "," or depth):
            depth += value[i] == "("
            depth -= value[i] == ")" and depth > 0
            i += 1


def cover_refs(article) -> Iterator[UrlRef]:
    """Cover images named in the front-matter (``thumbnail``, ``headimg``, ``cover``)."""
    fm = article.front_matter
    if fm is None:
        return
    for key in COVER_KEYS:
        entry = fm.entries.get(key)
        if entry is None or not isinstance(entry.value, str):
            continue
        url = normalise(entry.value)
        if url:
            editable = entry.style in ("'", '"', "") and "\\" not in article.text[entry.value_start:entry.value_end]
            yield UrlRef(url, "cover", entry.value_start, entry.value_end, entry.key_start, key, editable,
                         entry.style)


def refs(article, *, links: bool = False) -> list[UrlRef]:
    """Every remote URL of the article that online checking covers, in document order: covers, images
    (``<img src>``, Markdown ``![](…)``, ``srcset`` of ``<img>``/``<source>``) and, with ``links``, links."""
    out = list(cover_refs(article))
    out.extend(x for x in (_source_ref(r, "img") for r in article.images) if x is not None)
    text = article.text
    for tag in ("img", "source"):
        for el in article.html.by_tag.get(tag, ()):
            a = el.attr("srcset")
            if a is not None and a.value:
                out.extend(_srcset_refs(el, a, text))
    if links:
        out.extend(x for x in (_source_ref(r, "link") for r in article.links) if x is not None)
    out.sort(key=lambda r: (r.start, r.end))
    return out
