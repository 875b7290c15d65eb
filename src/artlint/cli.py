"""The command line: ``artlint check|fix|rules|rule``. Exit 0 clean, 1 findings, 2 usage/config/input error."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Sequence

from . import __version__
from .errors import ArtlintError

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _csv(value: str) -> list[str]:
    return [x for x in (s.strip() for s in value.split(",")) if x]


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="artlint", description="Lint and fix articles: front-matter and HTML body.")
    p.add_argument("--version", action="version", version=f"artlint {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("paths", nargs="*", help="files or folders (default: .); '-' reads standard input")
    common.add_argument("--config", metavar="FILE", help="use this config file instead of discovering one")
    common.add_argument("--isolated", action="store_true", help="ignore all config files")
    common.add_argument("--select", type=_csv, metavar="RULES", help="rules, groups or presets to run")
    common.add_argument("--extend-select", type=_csv, metavar="RULES", help="add to the selection")
    common.add_argument("--ignore", type=_csv, metavar="RULES", help="rules or groups to skip")
    common.add_argument("--output-format", "--format", dest="output_format", metavar="FORMAT",
                        help="text (default) or json; plugins may add more")
    common.add_argument("-o", "--output-file", metavar="FILE", help="write the report to FILE")
    common.add_argument("--stdin-filename", metavar="PATH", help="the path of the text read from '-'")
    common.add_argument("--exit-zero", action="store_true", help="exit 0 even if there are findings")
    common.add_argument("-q", "--quiet", action="store_true", help="print findings only, no summary")
    common.add_argument("--show-fixes", action="store_true", help="list the fixes applied")
    common.add_argument("--no-respect-gitignore", dest="respect_gitignore", action="store_false",
                        help="also lint files that .gitignore excludes")
    common.add_argument("--unsafe-fixes", action="store_true", help="also apply (fix) or show unsafe fixes")
    common.add_argument("--online", action="store_true", default=None,
                        help="check remote image URLs over HTTP (cached in .artlint_cache/)")
    common.add_argument("--online-links", action="store_true", default=None,
                        help="with --online, also check <a href> links (implies --online)")
    common.add_argument("--refresh-online", action="store_true", default=None,
                        help="ignore cached online verdicts and ask again")

    sub.add_parser("check", parents=[common], help="report findings")
    fx = sub.add_parser("fix", parents=[common], help="apply fixes and report what remains")
    fx.add_argument("--diff", action="store_true", help="print a unified diff and write nothing")

    rs = sub.add_parser("rules", help="list the available rules")
    rs.add_argument("--output-format", "--format", dest="output_format", default="text", choices=("text", "json"))
    rs.add_argument("--all", action="store_true", help="also show rules not selected by default")
    r1 = sub.add_parser("rule", help="show one rule's documentation")
    r1.add_argument("rule", metavar="CODE|NAME")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command is None:
        _parser().print_help()
        return EXIT_ERROR
    try:
        if args.command == "rules":
            return _cmd_rules(args)
        if args.command == "rule":
            return _cmd_rule(args)
        return _cmd_run(args)
    except ArtlintError as exc:
        print(f"artlint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("artlint: interrupted", file=sys.stderr)
        return 130


def _linter(args):
    from .engine import Linter
    from .plugins import warn

    online = {}
    if getattr(args, "online", None) or getattr(args, "online_links", None):
        online["online"] = True
    if getattr(args, "online_links", None):
        online["online_links"] = True
    if getattr(args, "refresh_online", None):
        online["refresh_online"] = True
    linter = Linter(args.config, select=args.select, ignore=args.ignore, extend_select=args.extend_select,
                    unsafe_fixes=args.unsafe_fixes, isolated=args.isolated, **online)
    warn(linter.problems)
    return linter


def _cmd_run(args) -> int:
    from ._io import iter_files

    linter = _linter(args)
    fixing = args.command == "fix"
    diff = fixing and args.diff
    fmt = args.output_format or "text"
    reporters = linter.plugins.reporters()
    if fmt not in reporters:
        raise ArtlintError(f"unknown output format '{fmt}' (available: {', '.join(sorted(reporters))})")
    # Validate the selection up front so a typo is one clear error, not one per file.
    linter.ruleset_for(Path.cwd() / "x.md")

    paths = args.paths or ["."]
    walk_errors: list[str] = []
    results = []
    linter.online_progress = _progress()
    try:
        if paths == ["-"]:
            name = args.stdin_filename or "-"
            data = sys.stdin.buffer.read()
            ctx = linter.prefetch_online([(name, data)]).get(name)
            res = linter.check_file(name, fix=fixing, diff=diff, data=data, context=ctx)
            results.append(res)
            if fixing and not diff:
                sys.stdout.write(res.diff if res.diff is not None else data.decode("utf-8", "replace"))
        else:
            respect = args.respect_gitignore
            files = list(iter_files(paths, respect_gitignore=respect, errors=walk_errors))
            # Every URL of the run is resolved here, once, before any file is checked.
            contexts = linter.prefetch_online((str(p), None) for p in files)
            for path in files:
                results.append(linter.check_file(path, fix=fixing and not diff, diff=diff,
                                                 context=contexts.get(str(path))))
    finally:
        linter.close()

    out = open(args.output_file, "w", encoding="utf-8") if args.output_file else sys.stdout
    try:
        if diff:
            for r in results:
                if r.diff:
                    out.write(r.diff)
        elif not (fixing and paths == ["-"] and not args.output_file):
            reporters[fmt](results, linter.plugins.rules, out, show_fixes=args.show_fixes)
    finally:
        if out is not sys.stdout:
            out.close()

    errors = walk_errors + [r.error for r in results if r.error]
    for e in errors:
        print(f"artlint: error: {e}", file=sys.stderr)
    failing = sum(1 for r in results for v in r.violations if v.severity.fails)
    total = sum(len(r.violations) for r in results)
    if not args.quiet and fmt == "text":
        _summary(results, fixing, diff, total, linter)
    if errors:
        return EXIT_ERROR
    if diff:
        return EXIT_FINDINGS if any(r.diff for r in results) and not args.exit_zero else EXIT_CLEAN
    return EXIT_FINDINGS if failing and not args.exit_zero else EXIT_CLEAN


def _progress():
    """A progress display for long online checks, on an interactive stderr only."""
    if not sys.stderr.isatty():
        return None
    state: dict = {}

    def show(done: int, total: int) -> None:
        if total < 20:
            return
        try:
            import rich.console  # optional: nicer when installed
            import rich.progress
        except ImportError:
            end = "\n" if done == total else ""
            print(f"\rartlint: checked {done}/{total} URLs", end=end, file=sys.stderr, flush=True)
            return
        bar = state.get("bar")
        if bar is None:
            bar = state["bar"] = rich.progress.Progress(transient=True, console=rich.console.Console(stderr=True))
            state["task"] = bar.add_task("checking URLs", total=total)
            bar.start()
        bar.update(state["task"], completed=done, total=total)
        if done >= total:
            bar.stop()
            state.clear()

    return show


def _summary(results, fixing, diff, total, linter) -> None:
    fixed = sum(len(r.fixed) for r in results)
    written = sum(1 for r in results if r.written)
    parts = []
    if fixing and not diff:
        parts.append(f"Fixed {fixed} finding{'s' * (fixed != 1)} in {written} file{'s' * (written != 1)}.")
    if total:
        safe = sum(1 for r in results for v in r.violations if v.fix is not None and v.fix.is_safe)
        unsafe = sum(1 for r in results for v in r.violations if v.fix is not None and not v.fix.is_safe)
        parts.append(f"Found {total} finding{'s' * (total != 1)} in {len(results)} files.")
        if safe and not fixing:
            parts.append(f"{safe} fixable with `artlint fix`.")
        if unsafe:
            parts.append(f"{unsafe} more with `--unsafe-fixes`.")
    elif not diff:
        parts.append(f"All checks passed ({len(results)} files).")
    print(" ".join(parts), file=sys.stderr)


def _cmd_rules(args) -> int:
    from .engine import Linter
    from .plugins import warn

    linter = Linter(isolated=True)
    warn(linter.problems)
    default = {s.rule.code for s in linter.ruleset_for(Path.cwd() / "x.md").selected}
    rules = list(linter.plugins.rules.values())
    if args.output_format == "json":
        print(json.dumps([{**r.info(), "default": r.code in default} for r in rules], ensure_ascii=False, indent=2))
        return EXIT_CLEAN
    width = max((len(r.name) for r in rules), default=0)
    for r in rules:
        mark = "*" if r.code in default else " "
        fix = {"safe": "fix", "unsafe": "fix!", "both": "fix+"}.get(r.fix or "", "")
        print(f"{r.code:<7} {mark} {r.name:<{width}}  {fix:<4}  {r.info()['summary']}")
    return EXIT_CLEAN


def _cmd_rule(args) -> int:
    from .plugins import load, warn

    plugins = load()
    warn(plugins.problems)
    r = plugins.rule(args.rule)
    if r is None:
        print(f"artlint: error: unknown rule '{args.rule}'", file=sys.stderr)
        return EXIT_ERROR
    print(f"# {r.code} {r.name}\n")
    print(r.doc)
    return EXIT_CLEAN
