"""Asking the network: async HTTP with httpx, polite (concurrency limits per run and per host, a clear
User-Agent, backoff that honours ``Retry-After``) and bounded (timeouts, retries, a run budget)."""

from __future__ import annotations

import asyncio
import email.utils
import socket
import time
from dataclasses import dataclass
from typing import Awaitable, Callable, Mapping
from urllib.parse import urlsplit

from ._verdict import BROKEN, HOTLINK, OK, UNCHECKED, Settings, Verdict

#: Statuses worth asking again after a pause: rate limits and server hiccups.
TRANSIENT = (429, 500, 502, 503, 504)
#: Statuses with which some servers refuse HEAD while serving GET.
HEAD_REFUSED = (403, 405, 501)
DENIED = (401, 403)

Progress = Callable[[int, int], None]
Sleep = Callable[[float], Awaitable[None]]


class _OutOfTime(Exception):
    """The run's budget ends before this URL could be answered."""


@dataclass
class _Answer:
    status: int | None = None
    final_url: str | None = None
    redirects: tuple = ()
    content_type: str | None = None
    error: str | None = None
    transient: bool = False
    retry_after: float | None = None
    attempts: int = 0

    @property
    def ok(self) -> bool:
        return self.status is not None and self.status < 400


def user_agent() -> str:
    from .. import __version__

    return f"artlint/{__version__} (+link-check)"


def origin(url: str) -> str:
    p = urlsplit(url)
    return f"{p.scheme}://{p.netloc}/"


def retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def _connect_error(exc: BaseException) -> tuple[str, bool]:
    """(message, worth retrying) for a failed connection."""
    seen = set()
    e: BaseException | None = exc
    while e is not None and id(e) not in seen:
        seen.add(id(e))
        if isinstance(e, socket.gaierror):
            return "DNS lookup failed", False
        if isinstance(e, ConnectionRefusedError):
            return "connection refused", False
        e = e.__cause__ or e.__context__
    text = str(exc).lower()
    if "name or service not known" in text or "nodename nor servname" in text or "getaddrinfo" in text \
            or "name resolution" in text:
        return "DNS lookup failed", False
    if "refused" in text:
        return "connection refused", False
    return f"cannot connect: {exc or type(exc).__name__}", True


class Prober:
    """One run's HTTP state: the client, the limits, the deadline."""

    def __init__(self, client, settings: Settings, deadline: float, sleep: Sleep) -> None:
        self.client = client
        self.settings = settings
        self.deadline = deadline
        self.sleep = sleep
        self._global = asyncio.Semaphore(max(1, settings.concurrency))
        self._hosts: dict[str, asyncio.Semaphore] = {}

    def _host(self, url: str) -> asyncio.Semaphore:
        host = urlsplit(url).netloc.lower()
        sem = self._hosts.get(host)
        if sem is None:
            sem = self._hosts[host] = asyncio.Semaphore(max(1, self.settings.per_host))
        return sem

    async def _once(self, method: str, url: str, referer: str | None) -> _Answer:
        import httpx

        headers = {}
        if referer:
            headers["Referer"] = referer
        if method == "GET":
            headers["Range"] = "bytes=0-0"  # the headers are what we want; spare the host the body
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise _OutOfTime
        limit = min(self.settings.request_timeout, remaining)
        async with self._host(url), self._global:
            try:
                return await asyncio.wait_for(self._send(method, url, headers), limit)
            except (asyncio.TimeoutError, httpx.TimeoutException):
                if limit < self.settings.request_timeout:
                    raise _OutOfTime from None
                return _Answer(error="timed out", transient=True)
            except httpx.TooManyRedirects:
                return _Answer(error="too many redirects")
            except httpx.ConnectError as exc:
                msg, again = _connect_error(exc)
                return _Answer(error=msg, transient=again)
            except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
                return _Answer(error=f"unusable URL: {exc}")
            except httpx.TransportError as exc:
                return _Answer(error=f"{type(exc).__name__}: {exc}".rstrip(": "), transient=True)
            except (ValueError, UnicodeError) as exc:
                return _Answer(error=f"unusable URL: {exc}")

    async def _send(self, method: str, url: str, headers: dict) -> _Answer:
        async with self.client.stream(method, url, headers=headers) as r:
            # The body is never read: status and headers are the whole verdict.
            hops = tuple((h.status_code, str(h.url)) for h in r.history)
            status = r.status_code
            return _Answer(status, str(r.url), hops, r.headers.get("content-type"),
                           transient=status in TRANSIENT,
                           retry_after=retry_after(r.headers.get("retry-after")) if status in (429, 503) else None)

    async def _with_retries(self, method: str, url: str, referer: str | None) -> _Answer:
        s = self.settings
        attempts = 0
        while True:
            ans = await self._once(method, url, referer)
            attempts += 1
            ans.attempts = attempts
            if not ans.transient or attempts > s.retries:
                return ans
            delay = s.backoff * (2 ** (attempts - 1))
            if ans.retry_after is not None:
                delay = ans.retry_after
            delay = min(delay, s.max_retry_after)
            if time.monotonic() + delay >= self.deadline:
                raise _OutOfTime
            await self.sleep(delay)

    async def probe(self, url: str, referer: str | None) -> _Answer:
        """HEAD, then a one-byte ranged GET when the server refuses HEAD."""
        ans = await self._with_retries("HEAD", url, referer)
        if ans.status in HEAD_REFUSED:
            got = await self._with_retries("GET", url, referer)
            got.attempts += ans.attempts
            if got.status is not None:
                return got
        return ans

    async def check(self, url: str, image: bool) -> Verdict:
        try:
            return await self._check(url, image)
        except _OutOfTime:
            return Verdict(url, UNCHECKED, error="could not check within the online-timeout budget",
                           checked_at=time.time())

    async def _check(self, url: str, image: bool) -> Verdict:
        a = await self.probe(url, None)
        tries = a.attempts
        if a.ok:
            state, no_ref = OK, None
            if image and self.settings.site_url:
                # Browsers send the publishing site as Referer unless the element says no-referrer.
                c = await self.probe(url, self.settings.site_url)
                tries += c.attempts
                if c.status in DENIED:
                    state, no_ref = HOTLINK, True
            return _verdict(url, state, a, tries, no_ref)
        if a.status in DENIED:
            b = await self.probe(url, origin(url))
            tries += b.attempts
            if b.ok:
                return _verdict(url, HOTLINK, b, tries, False)
        return _verdict(url, BROKEN, a, tries, None)


def _verdict(url: str, state: str, a: _Answer, attempts: int, no_ref: bool | None) -> Verdict:
    error = a.error
    if error == "timed out" and attempts > 1:
        error = f"timed out after {attempts} attempts"
    return Verdict(url, state, a.status, a.final_url, a.redirects, a.content_type, error, no_ref, attempts,
                   time.time())


async def check_urls(urls: Mapping[str, bool], settings: Settings, *, progress: Progress | None = None,
                     sleep: Sleep | None = None, transport=None) -> dict[str, Verdict]:
    """Verdicts for ``urls`` (URL → whether it is an image). Never raises for a URL's sake; URLs the
    budget leaves unanswered get an ``unchecked`` verdict."""
    import httpx

    if not urls:
        return {}
    deadline = time.monotonic() + settings.timeout
    timeout = httpx.Timeout(settings.request_timeout, connect=settings.connect_timeout)
    limits = httpx.Limits(max_connections=max(1, settings.concurrency),
                          max_keepalive_connections=max(1, settings.concurrency))
    headers = {"User-Agent": settings.user_agent or user_agent(), "Accept": "image/*,*/*;q=0.8"}
    async with httpx.AsyncClient(timeout=timeout, limits=limits, headers=headers, follow_redirects=True,
                                 max_redirects=10, trust_env=False, transport=transport) as client:
        prober = Prober(client, settings, deadline, sleep or asyncio.sleep)
        out: dict[str, Verdict] = {}
        total = len(urls)
        tasks = {asyncio.ensure_future(prober.check(u, img)): u for u, img in urls.items()}
        pending = set(tasks)
        while pending:
            wait = deadline - time.monotonic() + 1.0  # each task stops itself at the deadline; 1 s slack
            done, pending = await asyncio.wait(pending, timeout=max(0.0, wait),
                                               return_when=asyncio.FIRST_COMPLETED)
            for t in done:
                u = tasks[t]
                exc = t.exception()
                out[u] = t.result() if exc is None else Verdict(
                    u, UNCHECKED, error=f"could not check: {type(exc).__name__}: {exc}", checked_at=time.time())
            if progress is not None:
                progress(len(out), total)
            if not done:
                break
        for t in pending:
            t.cancel()
            out[tasks[t]] = Verdict(tasks[t], UNCHECKED, error="could not check within the online-timeout budget",
                                    checked_at=time.time())
        if pending:
            await asyncio.gather(*pending, return_exceptions=True)
    return out


def run(urls: Mapping[str, bool], settings: Settings, **kw) -> dict[str, Verdict]:
    """``check_urls`` from synchronous code (in a worker thread if an event loop is already running)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(check_urls(urls, settings, **kw))
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, check_urls(urls, settings, **kw)).result()
