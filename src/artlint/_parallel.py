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
from typing import Any, Callable, Iterator, Sequence

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


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def _fixable(v, unsafe: bool) -> bool:
    return v.fix is not None and (unsafe or v.fix.is_safe)


def process(state: State, path: str | Path) -> FileResult:
    """Check (or fix) one file, answering from the cache when it holds this exact input."""
    linter, cache = state.linter, state.cache
    fixing = state.fix or state.diff
    ctx = state.contexts.get(str(path)) if state.contexts else None
    if cache is None:
        return linter.check_file(path, fix=state.fix and not state.diff, diff=state.diff, context=ctx)
    from ._io import read_file

    name = str(path)
    try:
        raw = read_file(Path(path))
        rs = linter.ruleset_for(name)
    except InputError as exc:
        return FileResult(name, error=str(exc))
    except ArtlintError as exc:
        return FileResult(name, error=f"{name}: {exc}")
    key = cache.key(rs, name, raw)
    if key is not None:
        hit = cache.get(key)
        if hit is not None:
            found, kind = hit
            # `fix` only needs the linter when something here can be fixed.
            if not fixing or not any(_fixable(v, linter.unsafe_fixes) for v in found):
                return FileResult(name, found, body_kind=kind)
    if not fixing:
        res = linter.check_file(path, data=raw, context=ctx)
        if key is not None and res.error is None:
            cache.put(key, res.violations, res.body_kind)
        return res
    res = linter.check_file(path, fix=not state.diff, diff=state.diff, context=ctx)
    if key is None or res.error is not None or any(v.code == "ART001" for v in res.violations):
        return res
    if res.written:
        # What remains after a fix is exactly what `check` would report for the new bytes.
        try:
            new_key = cache.key(rs, name, read_file(Path(path)))
        except InputError:
            return res
        if new_key is not None:
            cache.put(new_key, res.violations, res.body_kind)
    elif res.diff is None:
        cache.put(key, res.violations, res.body_kind)
    return res


_STATE: State | None = None


def _init(factory: Callable[[], State]) -> None:
    global _STATE
    if _STATE is None:  # a forked worker already has the parent's
        _STATE = factory()


def _work(path: str | Path) -> FileResult:
    assert _STATE is not None
    return process(_STATE, path)


def run(state: State, factory: Callable[[], State], paths: Sequence[Path], jobs: int,
        progress: bool = False) -> Iterator[FileResult]:
    """Results for ``paths`` in the same order, from ``jobs`` processes."""
    bar = _Progress(len(paths)) if progress else None
    try:
        if jobs <= 1 or len(paths) < MIN_FILES_FOR_POOL:
            for p in paths:
                r = process(state, p)
                if bar:
                    bar.advance()
                yield r
            return
        global _STATE
        ctx = multiprocessing.get_context("fork") if sys.platform.startswith("linux") else multiprocessing
        previous, _STATE = _STATE, state
        try:
            jobs = min(jobs, len(paths))
            chunk = max(1, min(32, len(paths) // (jobs * 8)))
            with ctx.Pool(jobs, initializer=_init, initargs=(factory,)) as pool:
                for r in pool.imap(_work, paths, chunksize=chunk):
                    if bar:
                        bar.advance()
                    yield r
        finally:
            _STATE = previous
    finally:
        if bar:
            bar.close()


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

    def __init__(self, total: int) -> None:
        self.total = total
        self.done = 0
        self.t0 = time.monotonic()
        self._bar = None
        self._task = None

    def advance(self) -> None:
        self.done += 1
        now = time.monotonic()
        if self._bar is None:
            if now - self.t0 < self.DELAY or self.done >= self.total:
                return
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            # No refresh thread: the pool may fork later workers, and we redraw from the loop anyway.
            self._bar = Progress(TextColumn("artlint"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                                 console=Console(file=sys.stderr), auto_refresh=False, transient=True)
            self._bar.start()
            self._task = self._bar.add_task("files", total=self.total)
            self._last = 0.0
        self._bar.update(self._task, completed=self.done)
        if now - self._last > 0.1:
            self._last = now
            self._bar.refresh()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
