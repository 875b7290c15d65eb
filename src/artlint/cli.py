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


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got '{value}'")
    return n


def _size(value: str) -> int:
    from ._io import parse_size

    n = parse_size(value)
    if n is None:
        raise argparse.ArgumentTypeError(f"expected a size such as 10MB, 512KB or 1048576, got '{value}'")
    return n


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
                        help="text (default), json, github, sarif, junit, gitlab or html; "
                        "several as FORMAT:FILE,FORMAT:FILE (default under GitHub Actions: github)")
    common.add_argument("-o", "--output-file", metavar="FILE", help="write the report to FILE")
    common.add_argument("--stdin-filename", metavar="PATH", help="the path of the text read from '-'")
    common.add_argument("--exit-zero", action="store_true", help="exit 0 even if there are findings")
    common.add_argument("-q", "--quiet", action="store_true", help="print findings only, no summary")
    common.add_argument("--show-fixes", action="store_true", help="list the fixes applied")
    common.add_argument("--no-respect-gitignore", dest="respect_gitignore", action="store_false",
                        help="also lint files that .gitignore excludes")
    common.add_argument("--unsafe-fixes", action="store_true", help="also apply (fix) or show unsafe fixes")
    common.add_argument("--statistics", action="store_true", help="print the number of findings per rule instead")
    common.add_argument("--baseline", metavar="FILE", help="report only findings not recorded in FILE")
    common.add_argument("--changed-since", metavar="REV",
                        help="only files changed since the git revision REV, and untracked files")
    common.add_argument("--no-cache", action="store_true", help="neither read nor write the results cache")
    common.add_argument("--cache-dir", metavar="DIR", help="where the cache lives (default: .artlint_cache)")
    common.add_argument("--max-file-size", type=_size, metavar="SIZE",
                        help="skip files larger than SIZE (bytes, or e.g. 10MB, 512KB; default 10MB)")
    common.add_argument("--online", action="store_true", default=None,
                        help="check remote image URLs over HTTP (verdicts cached in the cache folder)")
    common.add_argument("--online-links", action="store_true", default=None,
                        help="also check <a href> links (implies --online)")
    common.add_argument("--refresh-online", action="store_true", default=None,
                        help="ignore cached online verdicts and ask again")
    common.add_argument("-j", "--jobs", type=_positive, metavar="N", help="processes to use (default: all cores)")

    ck = sub.add_parser("check", parents=[common], help="report findings")
    ck.add_argument("--write-baseline", metavar="FILE", help="record the current findings in FILE and exit 0")
    fx = sub.add_parser("fix", parents=[common], help="apply fixes and report what remains")
    fx.add_argument("--diff", action="store_true", help="print a unified diff and write nothing")

    rs = sub.add_parser("rules", help="list the available rules")
    rs.add_argument("--output-format", "--format", dest="output_format", default="text", choices=("text", "json"))
    rs.add_argument("--all", action="store_true", help="also show rules not selected by default")
    cl = sub.add_parser("clean", help="remove the results cache")
    cl.add_argument("--cache-dir", metavar="DIR", help="the cache to remove (default: .artlint_cache)")
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
        if args.command == "clean":
            return _cmd_clean(args)
        return _cmd_run(args)
    except ArtlintError as exc:
        print(f"artlint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("artlint: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader (`| head`) went away: not an error of ours, and nothing more to say.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_CLEAN


def _cmd_run(args) -> int:
    from ._run import run

    return run(args)


def _cmd_clean(args) -> int:
    from ._cache import clean, default_dir

    folder = Path(args.cache_dir) if args.cache_dir else default_dir()
    try:
        removed = clean(folder)
    except OSError as exc:
        print(f"artlint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    print(f"Removed {folder}." if removed else f"No cache at {folder}.", file=sys.stderr)
    return EXIT_CLEAN


def _cmd_rules(args) -> int:
    from .engine import Linter
    from .plugins import warn

    # The project's config decides which plugins load (block-plugins) and which rules are selected here.
    linter = Linter()
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
