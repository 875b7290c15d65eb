"""What the engine learns about one URL, and the settings that shape how it asks."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Mapping

OK, BROKEN, HOTLINK, UNCHECKED = "ok", "broken", "hotlink", "unchecked"
PERMANENT = (301, 308)
#: Types a server sends for bytes it does not label; browsers sniff them and show the image.
_GENERIC_TYPES = ("application/octet-stream", "binary/octet-stream", "application/binary")


@dataclass(frozen=True)
class Verdict:
    """The answer for one URL.

    ``state`` is ``ok``, ``broken`` (4xx/5xx, DNS failure, refused, timeout after retries), ``hotlink``
    (served only with some ``Referer`` rules: see ``no_referrer_ok``) or ``unchecked`` (the run's time
    budget ran out first). ``redirects`` lists ``(status, url)`` for every hop that answered with a
    redirect; ``final_url`` is where the chain ended. ``no_referrer_ok`` is set for hot-link protected
    URLs: True when a request without any ``Referer`` works (so ``referrerpolicy="no-referrer"`` saves
    the image), False when only the URL's own origin as ``Referer`` works.
    """

    url: str
    state: str
    status: int | None = None
    final_url: str | None = None
    redirects: tuple[tuple[int, str], ...] = ()
    content_type: str | None = None
    error: str | None = None
    no_referrer_ok: bool | None = None
    attempts: int = 0
    checked_at: float = 0.0

    @property
    def served(self) -> bool:
        """The URL answers with content (maybe only with the right Referer)."""
        return self.state in (OK, HOTLINK)

    @property
    def permanent_target(self) -> str | None:
        """Where the leading run of permanent redirects (301/308) ends, if the chain starts with one."""
        if not self.redirects or self.redirects[0][0] not in PERMANENT:
            return None
        hops = self.redirects
        for i, (status, _) in enumerate(hops):
            if status not in PERMANENT:
                return hops[i][1]
        return self.final_url

    @property
    def mime(self) -> str | None:
        if not self.content_type:
            return None
        return self.content_type.split(";", 1)[0].strip().lower() or None

    @property
    def looks_like_image(self) -> bool | None:
        """False when the server says the content is something other than an image; None if unsaid."""
        mime = self.mime
        if mime is None or mime in _GENERIC_TYPES:
            return None
        return mime.startswith("image/")

    def describe(self) -> str:
        """``404 Not Found``, ``DNS lookup failed``, … — what went wrong, for messages."""
        if self.error:
            return self.error
        if self.status is None:
            return "no answer"
        from http import HTTPStatus

        try:
            return f"{self.status} {HTTPStatus(self.status).phrase}"
        except ValueError:
            return f"HTTP {self.status}"

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, data: str) -> Verdict:
        d = json.loads(data)
        d["redirects"] = tuple(tuple(h) for h in d.get("redirects", ()))
        return cls(**d)


_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def duration(value: Any) -> float | None:
    """Seconds from a number or a text like ``7d``, ``12h``, ``30m``, ``45s``; None if unreadable."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value) if value >= 0 else None
    if isinstance(value, str):
        m = _DURATION.match(value)
        if m:
            return float(m.group(1)) * _UNITS[m.group(2)]
    return None


def valid_ttl(value: Any) -> bool:
    return isinstance(value, dict) and set(value) <= {"good", "broken"} and \
        all(duration(v) is not None for v in value.values())


@dataclass(frozen=True)
class Settings:
    """How one run checks URLs; built from the config keys ``online-*`` and ``site-url``."""

    links: bool = False
    timeout: float = 120.0  # the whole run's budget, seconds
    request_timeout: float = 10.0
    connect_timeout: float = 5.0
    concurrency: int = 16
    per_host: int = 4
    retries: int = 2
    backoff: float = 0.5  # first retry delay; doubles each time
    max_retry_after: float = 30.0
    ttl_good: float = 7 * 86400.0
    ttl_broken: float = 86400.0
    site_url: str | None = None
    #: cache entries checked before this time are ignored (``--refresh-online`` sets it to the run's start)
    refresh_before: float | None = None
    cache_dir: Path | None = None
    user_agent: str = field(default="", compare=False)

    @classmethod
    def from_config(cls, values: Mapping[str, Any]) -> Settings:
        ttl = values.get("online-ttl") or {}
        refresh = values.get("refresh-online")
        if refresh is True:
            import time

            refresh = time.time()
        base = cls()
        return cls(
            links=bool(values.get("online-links", False)),
            timeout=float(values.get("online-timeout", base.timeout)),
            request_timeout=float(values.get("online-request-timeout", base.request_timeout)),
            connect_timeout=min(float(values.get("online-request-timeout", base.connect_timeout)),
                                base.connect_timeout),
            concurrency=int(values.get("online-concurrency", base.concurrency)),
            per_host=int(values.get("online-per-host", base.per_host)),
            retries=int(values.get("online-retries", base.retries)),
            ttl_good=duration(ttl.get("good", base.ttl_good)),
            ttl_broken=duration(ttl.get("broken", base.ttl_broken)),
            site_url=values.get("site-url") or None,
            refresh_before=float(refresh) if refresh else None,
            cache_dir=_cache_dir(values),
        )


def _cache_dir(values: Mapping[str, Any]) -> Path | None:
    """The folder of the verdict cache: the run's cache folder (``--cache-dir``, ``ARTLINT_CACHE_DIR``,
    else ``.artlint_cache`` in the working directory), or None when ``online-cache = false``."""
    if not values.get("online-cache", True):
        return None
    folder = values.get("online-cache-dir")
    if not folder:
        from .._cache import default_dir

        folder = default_dir()
    return Path(folder).absolute()
