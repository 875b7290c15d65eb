"""URL helpers the image and link rules share: reading URL attributes, writing them back as minimal
edits, host matching, and pack tables compiled once per set of packs."""

from __future__ import annotations

import re
import threading
from typing import Any, Callable, Iterable, Iterator
# Imported here, not per call: urllib.parse is loaded anyway (pathlib uses it), and a function-level
# ``from urllib.parse import …`` costs microseconds per URL.
from urllib.parse import unquote, urlsplit

from .._memo import Memo
from ..edits import Edit
from ..html import Attr, Element

# Generator template syntax ({{ … }}, {% … %}, {# … #}, Hugo {{< … >}}): the real value is only known
# after rendering, and an edit must never cut through it.
_TEMPLATE = re.compile(r"\{\{|\{%|\{#|%\}|\}\}")
# WHATWG URL parsing strips leading and trailing C0 control or space characters.
_STRIP = "\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19" \
         "\x1a\x1b\x1c\x1d\x1e\x1f "
_NEEDS_QUOTES = re.compile(r"[\s\"'=<>`]")
_AMP = re.compile(r"&(?=[A-Za-z0-9#])")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
# scheme://authority or //authority; "\\" counts as "/" the way browsers read http(s) URLs
_AUTHORITY = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.\-]*:)?[/\\]{2}([^/?#\\]*)")
_LOCAL_HOSTS = frozenset(("localhost", "127.0.0.1", "[::1]"))


def has_template(s: str) -> bool:
    return ("{" in s or "}" in s) and _TEMPLATE.search(s) is not None


def raw(text: str, attr: Attr) -> str:
    """The attribute value as written in the file (entities not decoded)."""
    return text[attr.value_start:attr.value_end]


def url_attr(el: Element, name: str, text: str) -> tuple[Attr, str] | None:
    """The attribute and its URL (trimmed as browsers do), or None when it is absent, valueless, or
    holds template syntax (left alone: its value is only known after rendering)."""
    a = el.attr(name)
    if a is None or a.value is None:
        return None
    if has_template(raw(text, a)):
        return None
    return a, a.value.strip(_STRIP)


#: Where an ``<img>`` keeps the URL it shows: ``src``, or the lazy-load copy a script moves into it.
IMAGE_URL_ATTRS = ("src", "data-src", "data-original")


def image_urls(el: Element, text: str) -> Iterator[tuple[Attr, str]]:
    """Each ``IMAGE_URL_ATTRS`` attribute of ``el`` with its URL, as ``url_attr`` reads them."""
    for name in IMAGE_URL_ATTRS:
        got = url_attr(el, name, text)
        if got is not None:
            yield got


def article_image_urls(el: Element, article) -> list[tuple[Attr, str]]:
    """``list(image_urls(el, article.text))``, read once per element for the rules that all ask."""
    cache = article.__dict__.get("_artlint_image_urls")
    if cache is None:
        cache = article._artlint_image_urls = {}
    got = cache.get(el.index)
    if got is None:
        got = cache[el.index] = list(image_urls(el, article.text))
    return got


def markdown_refs(article, which: str = "images") -> list:
    """A Markdown body's own images (``![alt](url)``) or links (``[text](url)``, ``<url>``) as
    ``markdown.Ref`` objects; ``[]`` for an HTML body, whose ``<img>``/``<a>`` come to ``check_element``."""
    if article.body_kind != "markdown":
        return []
    return [r for r in getattr(article, which) if r.kind == "markdown"]


def ref_url(article, ref) -> str | None:
    """A Markdown ref's URL (trimmed), or None when it has none or holds template syntax."""
    if ref.url is None:
        return None
    if ref.url_start is not None and has_template(article.text[ref.url_start:ref.url_end]):
        return None
    return ref.url.strip(_STRIP)


def ref_span(ref) -> tuple[int, int]:
    """Where to report on a Markdown ref's URL: the URL itself, or the whole construct for a reference."""
    return (ref.url_start, ref.url_end) if ref.url_start is not None else (ref.start, ref.end)


def scheme(url: str) -> str | None:
    m = _SCHEME.match(url)
    return m.group(1).lower() if m else None


def host_of(url: str) -> str:
    """Lower-cased host of an absolute or protocol-relative URL ('' if none)."""
    # Several image rules ask for the host of the same URL: each URL is read once.
    host = _HOSTS.get(url)
    if host is None:
        host = _HOSTS.put(url, _host_of(url))
    return host


_HOSTS = Memo(4096)


def _host_of(url: str) -> str:
    m = _AUTHORITY.match(url)
    if m is None:
        return ""
    host = m.group(1).rpartition("@")[2]
    if host.startswith("["):
        return host[: host.find("]") + 1].lower()
    return host.partition(":")[0].rstrip(".").lower()


def site_is_https(article) -> bool:
    """Whether the site is served over https: yes unless the ``site-url`` setting says ``http:``."""
    site = (article.context.get("config") or {}).get("site-url")
    return not (isinstance(site, str) and site.strip().lower().startswith("http:"))


def is_local_host(host: str) -> bool:
    return host in _LOCAL_HOSTS or host.endswith(".localhost")


def host_in(host: str, hosts: Iterable[str] | frozenset) -> str | None:
    """The entry of ``hosts`` that ``host`` is, or is a subdomain of."""
    if not host:
        return None
    parts = host.split(".")
    for i in range(len(parts) - 1):
        candidate = ".".join(parts[i:])
        if candidate in hosts:
            return candidate
    return None


def escape_value(value: str, quote: str) -> str:
    """``value`` written for an attribute quoted with ``quote``; only what would be misread is escaped."""
    out = _AMP.sub("&amp;", value) if "&" in value else value
    if quote == '"':
        out = out.replace('"', "&quot;")
    elif quote == "'":
        out = out.replace("'", "&#39;")
    return out


def value_edit(text: str, attr: Attr, new_raw: str) -> Edit:
    """Replace the attribute's raw value by ``new_raw`` with the smallest edit inside the value span
    (quotes added when an unquoted value now needs them)."""
    old = raw(text, attr)
    if not attr.quote and (not new_raw or _NEEDS_QUOTES.search(new_raw)):
        new_raw = '"' + new_raw.replace('"', "&quot;") + '"'
        return Edit(attr.value_start, attr.value_end, new_raw)
    # The common shapes first: a wrapper removed from the front, a scheme or prefix added.
    if old.endswith(new_raw):
        return Edit(attr.value_start, attr.value_end - len(new_raw), "")
    if new_raw.endswith(old):
        return Edit(attr.value_start, attr.value_start, new_raw[: len(new_raw) - len(old)])
    p = 0
    limit = min(len(old), len(new_raw))
    while p < limit and old[p] == new_raw[p]:
        p += 1
    s = 0
    while s < limit - p and old[len(old) - 1 - s] == new_raw[len(new_raw) - 1 - s]:
        s += 1
    return Edit(attr.value_start + p, attr.value_end - s, new_raw[p:len(new_raw) - s])


def set_value(text: str, attr: Attr, value: str) -> Edit:
    """An edit that makes the attribute's decoded value ``value``."""
    return value_edit(text, attr, escape_value(value, attr.quote))


def lead(raw_value: str) -> int:
    """Length of the leading run of characters browsers strip from a URL."""
    return len(raw_value) - len(raw_value.lstrip(_STRIP))


# -- pack tables ------------------------------------------------------------------------------------

_cache = Memo(64)  # (section, builder, id(packs)) -> (packs, table)
_lock = threading.Lock()


def pack_table(packs: Any, section: str, build: Callable[[list], Any]) -> Any:
    """``build(entries)`` over every entry of ``section`` in ``packs``, computed once per packs object
    (the engine hands every article of a run the same tuple). Rules that read one section into different
    tables (IMG003 and FM006 both read ``placeholder-image``) each get their own."""
    key = (section, build, id(packs))
    hit = _cache.get(key)
    if hit is not None and hit[0] is packs:
        return hit[1]
    from ..packs import collect

    value = build([entry for _pack, entry in collect(packs or (), section) if isinstance(entry, dict)])
    with _lock:
        _cache.put(key, (packs, value))
    return value


# -- wrapped URLs (image proxies, redirect wrappers) ------------------------------------------------

class Wrappers:
    """Compiled ``prefix`` entries (the wrapped URL follows the prefix) and ``host`` + ``param``
    entries (a query parameter holds it) from a pack section."""

    def __init__(self, entries: list) -> None:
        self.prefixes: list[tuple[str, str, bool]] = []  # (prefix without scheme, label, decode)
        self.params: dict[tuple[str, str], tuple[str, str]] = {}  # (host, path) -> (param, label)
        for e in entries:
            decode = bool(e.get("decode", False))
            prefix = e.get("prefix")
            if isinstance(prefix, str) and prefix:
                bare = re.sub(r"^[A-Za-z][A-Za-z0-9+.\-]*:", "", prefix).lstrip("/").lower()
                self.prefixes.append((bare, bare.split("/")[0], decode))
            hosts = e.get("hosts") or ([e["host"]] if e.get("host") else [])
            param = e.get("param")
            if hosts and isinstance(param, str):
                path = str(e.get("path", "/")).rstrip("/")
                for h in hosts:
                    self.params[(str(h).lower(), path)] = (param, str(h).lower())
        self.hosts = frozenset(h for h, _ in self.params)

    def __bool__(self) -> bool:
        return bool(self.prefixes or self.params)

    def match(self, url: str) -> tuple[str, str | None, int] | None:
        """(label, unwrapped URL or None if it cannot be recovered, offset where the wrapped URL starts
        in ``url`` or -1 when it had to be decoded) for a wrapped ``url``; None otherwise."""
        low = url.lower()
        if low.startswith("https://"):
            rest = 8
        elif low.startswith("http://"):
            rest = 7
        elif low.startswith("//"):
            rest = 2
        else:
            return None
        for bare, label, decode in self.prefixes:
            if low.startswith(bare, rest):
                at = rest + len(bare)
                inner = url[at:]
                if decode or inner[:8].lower() in ("http%3a%", "https%3a"):
                    return label, _web_url(unquote(inner)), -1
                return label, _web_url(inner), at
        if self.params and host_of(url) in self.hosts:
            try:
                parts = urlsplit(url)
                host = (parts.hostname or "").lower()
            except ValueError:
                return None
            hit = self.params.get((host, parts.path.rstrip("/")))
            if hit is None:
                return None
            param, label = hit
            for pair in parts.query.split("&"):
                key, eq, value = pair.partition("=")
                if eq and unquote(key) == param:
                    target = unquote(value)
                    if target[:8].lower() in ("http%3a%", "https%3a"):  # encoded twice
                        target = unquote(target)
                    return label, _web_url(target), -1
            return label, None, -1
        return None


def _web_url(url: str) -> str | None:
    """``url`` if it is a plain absolute http(s) URL with a host and nothing a browser would strip."""
    if not url or url != url.strip(_STRIP) or any(c in url for c in " \"'<>\\`\x7f"):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url


def host_reasons(default: str) -> Callable[[list], dict[str, str]]:
    """A ``pack_table`` builder: host -> reason from a section's ``host`` entries, ``default`` where an
    entry gives no reason. Make it once per module: ``pack_table`` keeps one table per builder."""
    def build(entries: list) -> dict[str, str]:
        return {str(e["host"]).strip().lower(): str(e.get("reason") or default) for e in entries if e.get("host")}

    return build


def wrapped_refs(article, section: str, which: str = "images") -> Iterator[tuple]:
    """A Markdown body's image (or link) references whose URL goes through a wrapper of ``section``:
    ``(ref, label, target, edit)``, where ``target`` and the ``edit`` writing it are None when the
    wrapped URL cannot be recovered."""
    refs = markdown_refs(article, which)
    table = wrappers(article.context.get("packs"), section) if refs else None
    if not table:
        return
    for ref in refs:
        url = ref_url(article, ref)
        hit = table.match(url) if url else None
        if hit is not None:
            label, target, _ = hit
            yield ref, label, target, ref.replace_url(target) if target is not None else None


def wrappers(packs: Any, section: str) -> Wrappers:
    return pack_table(packs, section, Wrappers)
