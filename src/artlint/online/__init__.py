"""Online checking of remote image and link URLs. The engine owns the network: it collects the URLs
of the articles (``refs``), resolves them to ``Verdict``s through a ``Checker`` (memory, SQLite cache,
then HTTP) and hands rules that declare ``needs = {"online"}`` the mapping URL → verdict as
``article.context["online"]``. Importing this package does not import the HTTP client."""

from __future__ import annotations

from ._collect import COVER_KEYS, UrlRef, cover_refs, normalise, refs
from ._verdict import BROKEN, HOTLINK, OK, UNCHECKED, Settings, Verdict, duration, valid_ttl

CONTEXT_KEY = "online"


def __getattr__(name: str):
    # The checker brings SQLite; rules only need the verdict types, so it loads on first use.
    if name == "Checker":
        from ._checker import Checker

        return Checker
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = sorted([
    "BROKEN", "CONTEXT_KEY", "COVER_KEYS", "Checker", "HOTLINK", "OK", "Settings", "UNCHECKED", "UrlRef",
    "Verdict", "cover_refs", "duration", "normalise", "refs", "valid_ttl",
])
