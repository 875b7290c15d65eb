"""Checking many files: the cache in front of the linter, and a process pool that streams results in order.

Workers get paths and send back ``FileResult``s (plain picklable data); no ``Article`` outlives the file
it was parsed for, so memory stays flat however many files a run has.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import time
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, Callable, Iterator, NamedTuple, Sequence

from ._cache import Cache
from .engine import FileResult, Linter
from .errors import ArtlintError, InputError

#: Below this many files a pool costs more than it saves (pre-commit usually passes a handful).
MIN_FILES_FOR_POOL = 16


@dataclass
class State:
    linter: Linter
    cache: Cache | None
    fix: bool
    diff: bool
    #: per path, extra ``article.context`` the parent prepared (online verdicts); forked workers inherit it
    contexts: dict | None = None
    #: (reporter module, options): workers send back their files' report chunks instead of the findings
    render: tuple[str, dict] | None = None
    _render_id: str | None = None


class Counts(NamedTuple):
    """What the summary and the exit code need to know about one file."""

    total: int
    failing: int
    safe: int
    unsafe: int
    fixed: int
    written: bool
    diff: bool
    error: str | None

    @classmethod
    def of(cls, r: FileResult) -> Counts:
        failing = safe = unsafe = 0
        for v in r.violations:
            failing += v.severity.fails
            if v.fix is not None:
                if v.fix.is_safe:
                    safe += 1
                else:
                    unsafe += 1
        return cls(len(r.violations), failing, safe, unsafe, len(r.fixed), bool(r.written), bool(r.diff), r.error)


@dataclass
class Rendered:
    """A file's report chunk, rendered where it was checked (cheap to send between processes)."""

    path: str
    chunk: str
    counts: Counts


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def _fixable(v, unsafe: bool) -> bool:
    return v.fix is not None and (unsafe or v.fix.is_safe)


def _key(state: State, rs, name: str, raw: bytes) -> str | None:
    context = state.linter._provide(rs, name) if rs.needs else None
    return state.cache.key(rs, name, raw, context)


def _render_id(state: State) -> str:
    """Names a rendering: the format, its options and the folder paths are shown relative to."""
    if state._render_id is None:
        import hashlib
        import json

        blob = json.dumps([state.render, os.getcwd()], sort_keys=True, default=str)
        state._render_id = hashlib.sha256(blob.encode()).hexdigest()[:24]
    return state._render_id


def _render(state: State, r: FileResult, key: str | None = None) -> Rendered:
    """The file's report chunk; stored in the cache under ``key`` (results of `check` only)."""
    import importlib

    name, options = state.render
    chunk = importlib.import_module(name).chunk(r, state.linter.plugins.rules, **options)
    counts = Counts.of(r)
    if key is not None and state.cache is not None:
        state.cache.put_chunk(key, _render_id(state), list(counts), chunk)
    return Rendered(r.path, chunk, counts)


def _needs_fixing(state: State, safe: int, unsafe: int) -> bool:
    return (state.fix or state.diff) and bool(safe or (state.linter.unsafe_fixes and unsafe))


def lookup(state: State, path: str | Path) -> tuple[FileResult | Rendered | None, bytes | None, str | None]:
    """Answer from the cache when it holds this exact input: (answer or None, the bytes read, the key)."""
    cache = state.cache
    if cache is None:
        return None, None, None
    from ._io import read_file

    name = str(path)
    try:
        rs = state.linter.ruleset_for(name)
        raw = read_file(Path(path), state.linter.max_file_size(rs))
        key = _key(state, rs, name, raw)
    except InputError as exc:
        return FileResult(name, error=str(exc)), None, None
    except ArtlintError as exc:
        return FileResult(name, error=f"{name}: {exc}"), None, None
    if key is None:
        return None, raw, key
    if state.render is not None:
        got = cache.get_chunk(key, _render_id(state))
        if got is not None:
            counts = Counts(*got[0])
            if not _needs_fixing(state, counts.safe, counts.unsafe):
                return Rendered(name, got[1], counts), raw, key
            return None, raw, key
    hit = cache.get(key, name)
    if hit is not None:
        found, kind = hit
        # `fix` only needs the linter when something here can be fixed.
        if not any(_fixable(v, state.linter.unsafe_fixes) for v in found) or not (state.fix or state.diff):
            r = FileResult(name, found, body_kind=kind)
            return (_render(state, r, key) if state.render is not None else r), raw, key
    return None, raw, key


def compute(state: State, path: str | Path, raw: bytes | None = None,
            key: str | None = None) -> tuple[FileResult, str | None]:
    """Check (or fix) one file with the linter and remember the outcome in the cache; also returns the key
    a rendering of the result may be stored under (None when the result is not what `check` reports)."""
    linter, cache = state.linter, state.cache
    ctx = state.contexts.get(str(path)) if state.contexts else None
    if cache is None:
        return linter.check_file(path, fix=state.fix and not state.diff, diff=state.diff, context=ctx), None
    from ._io import read_file

    name = str(path)
    if raw is None:
        try:
            rs = linter.ruleset_for(name)
            raw = read_file(Path(path), linter.max_file_size(rs))
            key = _key(state, rs, name, raw)
        except ArtlintError:
            return linter.check_file(path, fix=state.fix and not state.diff, diff=state.diff, context=ctx), None
    if not (state.fix or state.diff):
        res = linter.check_file(path, data=raw, context=ctx)
        if key is not None and res.error is None:
            cache.put(key, res.violations, res.body_kind)
            return res, key
        return res, None
    res = linter.check_file(path, fix=not state.diff, diff=state.diff, context=ctx, raw=raw)
    if key is None or res.error is not None or any(v.code == "ART001" for v in res.violations):
        return res, None
    if res.written:
        # What remains after a fix is exactly what `check` would report for the new bytes.
        try:
            rs = linter.ruleset_for(name)
            new_key = _key(state, rs, name, read_file(Path(path), linter.max_file_size(rs)))
        except ArtlintError:
            return res, None
        if new_key is not None:
            cache.put(new_key, res.violations, res.body_kind)
    elif res.diff is None:
        cache.put(key, res.violations, res.body_kind)
    return res, None


def _finish(state: State, r: FileResult, key: str | None) -> FileResult | Rendered:
    return _render(state, r, key) if state.render is not None else r


def process(state: State, path: str | Path) -> FileResult | Rendered:
    found, raw, key = lookup(state, path)
    if found is not None:
        return found
    return _finish(state, *compute(state, path, raw, key))


_STATE: State | None = None


_STOP_EVENT = None  # set in the parent on Ctrl-C; workers then skip the files they have not started


class Stop:
    """A Ctrl-C request: the run finishes the files in progress, starts no new ones, and reports what it
    did. Shared with the workers through a byte of shared memory when there is a pool."""

    def __init__(self) -> None:
        self._flag = False
        self.event = None

    def set(self) -> None:
        self._flag = True
        if self.event is not None:
            self.event.value = 1

    def is_set(self) -> bool:
        return self._flag


def _stopped() -> bool:
    return _STOP_EVENT is not None and _STOP_EVENT.value == 1


def _init(factory: Callable[[], State]) -> None:
    global _STATE
    import signal

    # The parent decides what Ctrl-C means: it lets the workers finish the files they have started.
    # (SIGTERM keeps its default: Pool.terminate relies on it, and a Python handler there could leave a
    # worker waiting forever for the queue lock the parent holds while terminating. A worker killed
    # mid-write leaves only a temp file, which the next `fix` removes.)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if _STATE is None:  # a forked worker already has the parent's
        _STATE = factory()
    elif _STATE.cache is not None:
        # The parent's database connection must not be used, nor closed, in a child: keep it, unused,
        # until the worker exits (workers end with os._exit, which closes nothing).
        _INHERITED.append(_STATE.cache.detach())


def _work(paths: list) -> list:
    assert _STATE is not None
    # None marks a file skipped after Ctrl-C.
    out = [None if _stopped() else _finish(_STATE, *compute(_STATE, p)) for p in paths]
    if _STATE.cache is not None:
        _STATE.cache.flush()
    return out


class _Batch:
    """Files the cache could not answer, sent to one worker together."""

    __slots__ = ("paths", "pending", "results")

    def __init__(self) -> None:
        self.paths: list = []
        self.pending = None
        self.results: list[FileResult] | None = None

    def submit(self, pool) -> None:
        if self.pending is None:
            self.pending = pool.apply_async(_work, (self.paths,))

    def ready(self) -> bool:
        return self.results is not None or (self.pending is not None and self.pending.ready())

    def get(self, pool, i: int) -> FileResult:
        if self.results is None:
            self.submit(pool)
            self.results = self.pending.get()
        r = self.results[i]
        self.results[i] = None  # let it go as soon as it is reported
        return r


def _pipelined(state: State, pool, paths: Sequence[Path], jobs: int, stop: Stop | None = None) -> Iterator[FileResult | Rendered]:
    """Cache look-ups here, misses to the workers in small batches, results back in input order.

    The parent answers cache hits itself (cheaper than a round trip through a worker) and keeps a bounded
    window of work in flight, so memory does not grow with the number of files.
    """
    from collections import deque

    chunk = max(1, min(16, len(paths) // (jobs * 8) or 1))
    max_batches = jobs * 4
    queue: deque = deque()
    batches: deque = deque()  # submitted, not yet drained
    open_batch: _Batch | None = None

    def pop() -> FileResult | Rendered:
        item = queue.popleft()
        if not isinstance(item, tuple):  # answered here (a cache hit or an unreadable file)
            return item
        batch, i = item
        r = batch.get(pool, i)
        if i == len(batch.paths) - 1 and batches and batches[0] is batch:
            batches.popleft()
        return r

    for path in paths:
        if stop is not None and stop.is_set():
            break  # what is already with the workers still comes back, so every write is reported
        found, _, _ = lookup(state, path)
        if found is not None:
            queue.append(found)
        else:
            if open_batch is None:
                open_batch = _Batch()
            queue.append((open_batch, len(open_batch.paths)))
            open_batch.paths.append(path)
            if len(open_batch.paths) >= chunk:
                open_batch.submit(pool)
                batches.append(open_batch)
                open_batch = None
        while queue and (not isinstance(queue[0], tuple) or queue[0][0].ready()):
            yield pop()
        while len(batches) > max_batches or len(queue) > max_batches * chunk * 4:
            if isinstance(queue[0], tuple) and queue[0][0] is open_batch:
                open_batch.submit(pool)
                batches.append(open_batch)
                open_batch = None
            yield pop()
    if open_batch is not None:
        open_batch.submit(pool)
        batches.append(open_batch)
    while queue:
        yield pop()


def run(state: State, factory: Callable[[], State], paths: Sequence[Path], jobs: int,
        progress: bool = False, stop: Stop | None = None) -> Iterator[FileResult | Rendered]:
    """Results for ``paths`` in the same order, from ``jobs`` processes. With ``state.render`` set, files
    come back as ``Rendered`` chunks (files that could not be read, as ``FileResult``s). Once ``stop`` is
    set, no new file is started and the results end after the files already in progress."""
    global _STOP_EVENT
    bar = _Progress(len(paths)) if progress else None
    try:
        if jobs <= 1 or len(paths) < MIN_FILES_FOR_POOL:
            for p in paths:
                if stop is not None and stop.is_set():
                    return
                r = process(state, p)
                if bar:
                    bar.advance()
                yield r
            return
        global _STATE
        previous, _STATE = _STATE, state
        try:
            with _LazyPool(state, factory, min(jobs, len(paths)), stop) as pool:
                for r in _pipelined(state, pool, paths, jobs, stop):
                    if r is None:
                        continue
                    if bar:
                        bar.advance()
                    yield r
        finally:
            _STATE = previous
            _STOP_EVENT = None
    finally:
        if state.cache is not None:
            state.cache.flush()
        if bar:
            bar.close()


_INHERITED: list = []


class _LazyPool:
    """The worker pool, started when the first file needs the linter: a run that the cache answers
    entirely starts no process and imports no rule machinery."""

    def __init__(self, state: State, factory: Callable[[], State], size: int, stop: Stop | None = None) -> None:
        self.state, self.factory, self.size, self.stop = state, factory, size, stop
        self.pool = None

    def apply_async(self, fn, args):
        if self.pool is None:
            import gc

            _warm_up(self.state.linter)
            # Workers share the parent's memory copy-on-write; keep the collector from touching (and so
            # copying) every inherited object.
            gc.freeze()
            ctx = multiprocessing.get_context("fork") if sys.platform.startswith("linux") else multiprocessing
            if self.stop is not None:
                global _STOP_EVENT
                # A lock-free byte in shared memory, made before the fork so every worker sees it. (An
                # Event has a lock, which a worker terminated while holding it would never release: a
                # Ctrl-C at the end of a run then hung the parent in the signal handler.)
                self.stop.event = _STOP_EVENT = ctx.RawValue("b", 1 if self.stop.is_set() else 0)
            self.pool = ctx.Pool(self.size, initializer=_init, initargs=(self.factory,))
        return self.pool.apply_async(fn, args)

    def __enter__(self) -> _LazyPool:
        return self

    def __exit__(self, *exc) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()


_WARM_UP = (
    ("warm-up.md", "---\ntitle: T\ndate: 2021-01-01\n---\n\n<div><p style=\"x\"><img src=\"a.png\"><a href=\"#\">a</a>"
                   "</p><!-- c --><style>p{}</style><script></script></div>\n"),
    ("warm-up-md.md", "---\ntitle: T\ndate: 2021-01-01\n---\n\n# T\n\nText ![a](b.png) [l](http://x).\n"),
)


def _warm_up(linter: Linter) -> None:
    """Check two tiny articles before forking, so the modules rules import on first use are loaded once
    in the parent and shared, rather than imported again by every worker."""
    for name, text in _WARM_UP:
        try:
            linter.lint_text(text, name)
        except Exception:  # only a warm-up: a real file will report whatever this runs into
            pass


def make_state(linter_kwargs: dict[str, Any], cache_dir: str | None, settings: dict[str, Any], fix: bool,
               diff: bool) -> State:
    linter = Linter(**linter_kwargs)
    cache = Cache(Path(cache_dir), linter.plugins, settings) if cache_dir else None
    return State(linter, cache, fix, diff)


def factory(linter_kwargs: dict[str, Any], cache_dir: str | None, settings: dict[str, Any], fix: bool,
            diff: bool) -> Callable[[], State]:
    """A picklable recipe for a worker's state (used where workers are spawned rather than forked)."""
    return partial(make_state, linter_kwargs, cache_dir, settings, fix, diff)


class _Progress:
    """A rich progress bar on stderr that appears only once a run has taken more than a moment."""

    DELAY = 0.7

    def __init__(self, total: int, *, file=None, delay: float | None = None, force_terminal: bool | None = None):
        self.total = total
        self.done = 0
        self.t0 = time.monotonic()
        self.delay = self.DELAY if delay is None else delay
        self.file = file
        self.force_terminal = force_terminal
        self._bar = None
        self._task = None
        self._last = 0.0

    def advance(self) -> None:
        self.done += 1
        now = time.monotonic()
        if self._bar is None:
            if now - self.t0 < self.delay or self.done >= self.total:
                return
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            # No refresh thread: the pool may fork later workers, and we redraw from the loop anyway.
            console = Console(file=self.file or sys.stderr, force_terminal=self.force_terminal)
            self._bar = Progress(TextColumn("artlint"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                                 console=console, auto_refresh=False, transient=True)
            self._bar.start()
            self._task = self._bar.add_task("files", total=self.total)
        self._bar.update(self._task, completed=self.done)
        if now - self._last > 0.1:
            self._last = now
            self._bar.refresh()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
