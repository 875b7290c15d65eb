"""``artlint check`` and ``artlint fix``: find files, check them (cached, in parallel), filter through a
baseline, and write one or more reports."""

from __future__ import annotations

import os
import sys
from collections import Counter
from contextlib import ExitStack
from pathlib import Path
from typing import Any, Iterable, Iterator, TextIO

from .errors import ArtlintError

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
#: ``-o`` file suffixes that name their format when ``--output-format`` is not given.
_SUFFIX_FORMATS = {".json": "json", ".sarif": "sarif", ".html": "html", ".htm": "html", ".xml": "junit"}


def linter_kwargs(args) -> dict[str, Any]:
    """Everything that configures the linter; it is also part of the cache key."""
    kw = {"config": args.config, "select": args.select, "ignore": args.ignore,
          "extend_select": args.extend_select, "unsafe_fixes": args.unsafe_fixes, "isolated": args.isolated}
    if getattr(args, "max_file_size", None):
        kw["max_file_size"] = args.max_file_size
    if getattr(args, "online", None) or getattr(args, "online_links", None):
        kw["online"] = True
    if getattr(args, "online_links", None):
        kw["online_links"] = True
    if getattr(args, "refresh_online", None):
        import time

        # One instant for the run, decided here so that every worker ignores the same cache entries.
        if getattr(args, "_refresh_at", None) is None:
            args._refresh_at = time.time()
        kw["refresh_online"] = args._refresh_at
    if getattr(args, "cache_dir", None):
        kw["online_cache_dir"] = str(Path(args.cache_dir).absolute())
    return kw


def outputs(spec: str | None, output_file: str | None, available: Iterable[str]) -> list[tuple[str, str | None]]:
    """``--output-format`` / ``-o`` as (format, file or None for stdout) pairs.

    ``FORMAT``, or a comma-separated list of ``FORMAT`` and ``FORMAT:FILE`` items; ``-o FILE`` is the file
    of the one item given without a file. Without a format: ``github`` under GitHub Actions, the ``-o``
    file's suffix when it names a format, else ``text``.
    """
    available = set(available)
    if not spec:
        if output_file and Path(output_file).suffix.lower() in _SUFFIX_FORMATS:
            spec = _SUFFIX_FORMATS[Path(output_file).suffix.lower()]
        elif os.environ.get("GITHUB_ACTIONS") == "true":
            spec = "github"
        else:
            spec = "text"
    out: list[tuple[str, str | None]] = []
    for item in (x.strip() for x in spec.split(",")):
        if not item:
            continue
        fmt, sep, dest = item.partition(":")
        fmt = fmt.strip().lower()
        if fmt not in available:
            raise ArtlintError(f"unknown output format '{fmt}' (available: {', '.join(sorted(available))})")
        out.append((fmt, dest.strip() if sep and dest.strip() else None))
    bare = [i for i, (_, d) in enumerate(out) if d is None]
    if output_file:
        if len(bare) != 1:
            raise ArtlintError("-o/--output-file needs exactly one format without ':FILE'")
        out[bare[0]] = (out[bare[0]][0], output_file)
    elif len(bare) > 1:
        raise ArtlintError("only one output format can go to standard output; give the others ':FILE'")
    return out


class Tally:
    """Counts what streams past, so the summary and exit code need no list of all results."""

    def __init__(self) -> None:
        self.files = self.total = self.failing = self.safe = self.unsafe = self.fixed = self.written = 0
        self.errors: list[str] = []
        self.diffs = 0

    def add(self, c) -> None:
        self.files += 1
        if c.error:
            self.errors.append(c.error)
        self.total += c.total
        self.failing += c.failing
        self.safe += c.safe
        self.unsafe += c.unsafe
        self.fixed += c.fixed
        self.written += c.written
        self.diffs += c.diff

    def wrap(self, results: Iterable) -> Iterator:
        from ._parallel import Counts

        for r in results:
            self.add(Counts.of(r))
            yield r


def _changed_files(rev: str) -> set[Path]:
    """Files changed since ``rev`` in the work tree, plus untracked files, as resolved paths."""
    import subprocess

    def git(*a: str) -> str:
        try:
            p = subprocess.run(["git", *a], capture_output=True, text=True, check=False)
        except FileNotFoundError:
            raise ArtlintError("--changed-since needs git, which was not found") from None
        if p.returncode:
            msg = (p.stderr.strip().splitlines() or ["git failed"])[-1]
            raise ArtlintError(f"--changed-since {rev}: {msg}")
        return p.stdout

    top = Path(git("rev-parse", "--show-toplevel").strip())
    names = git("diff", "--name-only", "-z", rev, "--").split("\0")
    names += git("ls-files", "--others", "--exclude-standard", "--full-name", "-z").split("\0")
    return {(top / n).resolve() for n in names if n}


def _files(args, fixing: bool, linter=None) -> list[str]:
    """The files to check, as plain strings: a run over a million files keeps only their names."""
    from ._io import iter_files

    walk_errors: list[str] = []
    respect, exclude, root = args.respect_gitignore, [], None
    if linter is not None:
        # Walking is decided by the config of the folder artlint runs in, as with ruff.
        cfg = linter.config_for(Path.cwd() / "x.md")
        respect = respect and cfg.get("respect-gitignore", True)
        exclude = list(cfg.get("exclude", [])) + list(cfg.get("extend-exclude", []))
        root = cfg.root
    found = iter_files(args.paths or ["."], respect_gitignore=respect, exclude=exclude, errors=walk_errors,
                       exclude_root=root)
    if args.changed_since:
        changed = _changed_files(args.changed_since)
        found = (f for f in found if f.resolve() in changed)
    files = [str(f) for f in found]
    args._walk_errors = walk_errors
    if fixing:
        from ._io import remove_stale_temps

        # Temp files of an earlier run that was killed mid-write (the files themselves are intact).
        remove_stale_temps({os.path.dirname(f) or "." for f in files})
    return files


def run(args) -> int:
    from . import _parallel
    from .engine import Linter
    from .plugins import warn

    kwargs = linter_kwargs(args)
    linter = Linter(**kwargs)
    warn(linter.problems)
    fixing = args.command == "fix"
    diff = fixing and args.diff
    reporters = linter.plugins.reporters()
    targets = outputs(args.output_format, args.output_file, reporters)
    # Validate the selection up front so a typo is one clear error, not one per file.
    linter.ruleset_for(Path.cwd() / "x.md")
    baseline = None
    if getattr(args, "baseline", None):
        from ._baseline import Baseline

        baseline = Baseline.load(args.baseline)

    stdin = (args.paths or ["."]) == ["-"]
    if stdin:
        name = args.stdin_filename or "-"
        # Read one byte past the limit: enough to refuse an oversized input without holding all of it.
        data = sys.stdin.buffer.read(linter.max_file_size(linter.ruleset_for(name)) + 1)
        linter.online_progress = _online_progress(args)
        ctx = linter.prefetch_online([(name, data)]).get(name)
        res = linter.check_file(name, fix=fixing, diff=diff, data=data, context=ctx)
        if fixing and not diff:
            sys.stdout.write(res.diff if res.diff is not None else data.decode("utf-8", "replace"))
        results: Iterable = [res]
        args._walk_errors = []
    else:
        files = _files(args, fixing, linter)
        use_cache = not args.no_cache
        cache_dir = str(Path(args.cache_dir) if args.cache_dir else _default_cache_dir()) if use_cache else None
        state = _parallel.State(linter, None, fixing and not diff, diff)
        if cache_dir:
            from ._cache import Cache

            state.cache = Cache(Path(cache_dir), linter.plugins, kwargs)
            try:
                state.cache.prepare()
            except OSError as exc:
                print(f"artlint: warning: cache disabled: {exc}", file=sys.stderr)
                state.cache = cache_dir = None
        # Every URL of the run is checked here, once, before any file is dispatched to a worker.
        linter.online_progress = _online_progress(args)
        state.contexts = linter.prefetch_online((str(p), None) for p in files) or None
        jobs = args.jobs or _parallel.default_jobs()
        state.render = _render_plan(args, reporters, targets, fixing, diff, baseline)
        factory = _parallel.factory(kwargs, cache_dir, kwargs, state.fix, diff)
        results = _parallel.run(state, factory, files, jobs, progress=_want_progress(args))

    if getattr(args, "write_baseline", None):
        from ._baseline import write

        tally = Tally()
        n = write(args.write_baseline, tally.wrap(results))
        for e in args._walk_errors + tally.errors:
            print(f"artlint: error: {e}", file=sys.stderr)
        if not args.quiet:
            print(f"Wrote {n} finding{'s' * (n != 1)} in {tally.files} files to {args.write_baseline}.",
                  file=sys.stderr)
        return EXIT_ERROR if args._walk_errors or tally.errors else EXIT_CLEAN

    if baseline is not None:
        results = baseline.filter(results)
    tally = Tally()
    if not stdin and state.render is not None:
        _write_rendered(state.render, targets[0][1], results, tally, linter.plugins.rules)
    else:
        _report(args, linter, reporters, targets, tally.wrap(results), fixing, diff, stdin)
    if not stdin and state.cache is not None:
        state.cache.close()
        if state.cache.broken:
            print(f"artlint: warning: results cache not used: {state.cache.broken}", file=sys.stderr)

    errors = args._walk_errors + tally.errors
    tally.errors = errors
    for e in errors:
        print(f"artlint: error: {e}", file=sys.stderr)
    to_stdout = [f for f, d in targets if d is None]
    if not args.quiet and (not to_stdout or to_stdout == ["text"]) and not args.statistics:
        _summary(tally, fixing, diff)
    if errors:
        return EXIT_ERROR
    if diff:
        return EXIT_FINDINGS if tally.diffs and not args.exit_zero else EXIT_CLEAN
    return EXIT_FINDINGS if tally.failing and not args.exit_zero else EXIT_CLEAN


def _render_plan(args, reporters, targets, fixing: bool, diff: bool, baseline):
    """Render each file's report chunk where it is checked (and cache it) when one streamable report is
    all there is to do."""
    from .reporters import streamable

    if len(targets) != 1 or diff or baseline is not None or args.statistics:
        return None
    if getattr(args, "write_baseline", None):
        return None
    module = streamable(reporters[targets[0][0]])
    return (module, {"show_fixes": args.show_fixes}) if module else None


def _write_rendered(render, dest: str | None, results, tally: Tally, rules) -> None:
    import importlib

    from ._parallel import Counts, Rendered
    from .reporters._util import FrameWriter

    name, options = render
    mod = importlib.import_module(name)
    with ExitStack() as stack:
        out: TextIO = sys.stdout
        if dest is not None:
            try:
                out = stack.enter_context(open(dest, "w", encoding="utf-8", newline="\n"))
            except OSError as exc:
                raise ArtlintError(f"{dest}: cannot write report: {exc.strerror or exc}") from None
        w = FrameWriter(out, mod.FRAME)
        for r in results:
            if isinstance(r, Rendered):
                tally.add(r.counts)
                w.write(r.chunk)
            else:
                tally.add(Counts.of(r))
                w.write(mod.chunk(r, rules, **options))
        w.close()


def _default_cache_dir() -> Path:
    from ._cache import default_dir

    return default_dir()


def _want_progress(args) -> bool:
    try:
        return sys.stderr.isatty() and not args.quiet and os.environ.get("TERM") != "dumb"
    except (AttributeError, ValueError):
        return False


def _online_progress(args):
    """A rich progress bar on stderr while URLs are checked online (interactive runs, many URLs)."""
    if not _want_progress(args):
        return None
    state: dict = {}

    def show(done: int, total: int) -> None:
        bar = state.get("bar")
        if bar is None:
            if total < 20 or done >= total:
                return
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            bar = state["bar"] = Progress(TextColumn("checking URLs"), BarColumn(), MofNCompleteColumn(),
                                          TimeRemainingColumn(), console=Console(file=sys.stderr), transient=True)
            bar.start()
            state["task"] = bar.add_task("urls", total=total)
        bar.update(state["task"], completed=done, total=total)
        if done >= total:
            bar.stop()
            state.clear()

    return show


def _report(args, linter, reporters, targets, stream, fixing: bool, diff: bool, stdin: bool) -> None:
    rules = linter.plugins.rules
    if len(targets) > 1:
        # Several reporters each read the results once: keep them (findings only, no articles).
        stream = list(stream)
    with ExitStack() as stack:
        for fmt, dest in targets:
            out: TextIO = sys.stdout
            if dest is not None:
                try:
                    out = stack.enter_context(open(dest, "w", encoding="utf-8", newline="\n"))
                except OSError as exc:
                    raise ArtlintError(f"{dest}: cannot write report: {exc.strerror or exc}") from None
            if diff:
                for r in stream:
                    if r.diff:
                        out.write(r.diff)
            elif fixing and stdin and dest is None:
                for _ in stream:  # the fixed text went to stdout; the report would corrupt it
                    pass
            elif args.statistics and fmt in ("text", "json"):
                _statistics(stream, out, fmt, rules)
            else:
                reporters[fmt](stream, rules, out, show_fixes=args.show_fixes)
        if isinstance(stream, Iterator):
            for _ in stream:  # keep counting even if a reporter stopped early
                pass


def _statistics(stream, out: TextIO, fmt: str, rules) -> None:
    counts: Counter = Counter()
    fixable: Counter = Counter()
    for r in stream:
        for v in r.violations:
            counts[v.code] += 1
            fixable[v.code] += v.fix is not None and v.fix.is_safe
    order = sorted(counts, key=lambda c: (-counts[c], c))
    if fmt == "json":
        import json

        json.dump([{"code": c, "name": rules[c].name if c in rules else "", "count": counts[c],
                    "fixable": fixable[c]} for c in order], out, indent=2)
        out.write("\n")
        return
    width = max((len(str(n)) for n in counts.values()), default=1)
    for c in order:
        mark = "[*]" if fixable[c] == counts[c] else "[-]" if fixable[c] else "   "
        name = rules[c].name if c in rules else ""
        out.write(f"{counts[c]:>{width}}  {c:<7} {mark} {name}\n")


def _summary(t: Tally, fixing: bool, diff: bool) -> None:
    parts = []
    if fixing and not diff:
        parts.append(f"Fixed {t.fixed} finding{'s' * (t.fixed != 1)} in {t.written} file{'s' * (t.written != 1)}.")
    if t.total:
        parts.append(f"Found {t.total} finding{'s' * (t.total != 1)} in {t.files} files.")
        if t.safe and not fixing:
            parts.append(f"{t.safe} fixable with `artlint fix`.")
        if t.unsafe:
            parts.append(f"{t.unsafe} more with `--unsafe-fixes`.")
    elif not diff and not t.errors:
        parts.append(f"All checks passed ({t.files} files).")
    if t.errors:
        n = len(t.errors)
        parts.append(f"{n} file{'s' * (n != 1)} not checked (errors above); left unchanged.")
    print(" ".join(parts), file=sys.stderr)
