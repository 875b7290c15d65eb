"""Verdicts for a run: memory first, then the SQLite cache, then the network — each URL asked once."""

from __future__ import annotations

import threading
from dataclasses import replace
from typing import Callable, Mapping

from ._cache import Cache
from ._verdict import Settings, Verdict


class Checker:
    """Resolves URLs to verdicts for one set of settings. Thread-safe; one per ``Linter`` and settings."""

    def __init__(self, settings: Settings, *, progress: Callable[[int, int], None] | None = None,
                 sleep=None, transport=None) -> None:
        self.settings = settings
        self.progress = progress
        self._sleep = sleep
        self._transport = transport
        self._memo: dict[str, Verdict] = {}
        self._lock = threading.Lock()
        self.cache = Cache(settings.cache_dir) if settings.cache_dir is not None else None
        self.requested = 0  # URLs sent to the network by this checker (the cache's and memo's hits are not)

    def _key(self, url: str, image: bool) -> str:
        # The foreign-Referer test depends on site-url, so an image's verdict is only valid for it.
        site = self.settings.site_url if image else None
        return f"{url}\0{site or ''}"

    def resolve(self, urls: Mapping[str, bool]) -> dict[str, Verdict]:
        """Verdicts for ``urls`` (URL → image?), plus verdicts for the targets of permanent redirects
        (so a fix that rewrites a URL to its new location finds that location already checked)."""
        with self._lock:
            keys = {self._key(u, img): (u, img) for u, img in urls.items()}
            found = {k: self._memo[k] for k in keys if k in self._memo}
            missing = [k for k in keys if k not in found]
            if missing and self.cache is not None:
                cached = self.cache.get_many(missing, refresh_before=self.settings.refresh_before)
                found.update(cached)
                self._memo.update(cached)
                missing = [k for k in missing if k not in cached]
            if missing:
                from ._client import run

                ask = {keys[k][0]: keys[k][1] for k in missing}
                self.requested += len(ask)
                got = run(ask, self.settings, progress=self.progress, sleep=self._sleep,
                          transport=self._transport)
                fresh = {self._key(u, ask[u]): v for u, v in got.items()}
                if self.cache is not None:
                    self.cache.put_many(fresh, ttl_good=self.settings.ttl_good, ttl_broken=self.settings.ttl_broken)
                found.update(fresh)
                self._memo.update(fresh)
            out: dict[str, Verdict] = {}
            for k, (u, img) in keys.items():
                v = found.get(k)
                if v is None:
                    continue
                if u not in out or img:
                    out[u] = v
            for v in list(out.values()):
                target = v.permanent_target
                if target and v.served and target not in out:
                    out[target] = _arrived(v, target)
            return out

    def close(self) -> None:
        if self.cache is not None:
            self.cache.close()


def _arrived(v: Verdict, target: str) -> Verdict:
    """The verdict of a permanent redirect's target, read off the chain that passed through it."""
    hops = v.redirects
    i = next((n for n, (_, u) in enumerate(hops) if u == target), len(hops))
    return replace(v, url=target, redirects=tuple(hops[i:]))
