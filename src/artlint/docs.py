"""Generate the README's rule table from the built-in rules' docstrings.

    python -m artlint.docs [README.md]          # rewrite the table between the markers
    python -m artlint.docs --check [README.md]  # exit 1 if the table is stale

The table sits between ``<!-- rules:start -->`` and ``<!-- rules:end -->``. Only built-in rules are
listed (not plugins installed alongside), so the output is the same on every machine.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

START = "<!-- rules:start -->"
END = "<!-- rules:end -->"
_FIX = {"safe": "safe", "unsafe": "unsafe", "both": "safe + unsafe", None: ""}


def rule_table() -> str:
    """The Markdown table: code, name, what it checks (the docstring's first line), fix, default."""
    from pathlib import Path as _P

    from .engine import Linter
    from .plugins import load

    plugins = load(entry_points_enabled=False)
    default = {s.rule.code for s in
               Linter(isolated=True, plugins=plugins).ruleset_for(_P.cwd() / "x.md").selected}
    rows = ["| Code | Name | What it checks | Fix | Default |", "| --- | --- | --- | --- | --- |"]
    for rule in plugins.rules.values():
        summary = rule.doc_sections().get("summary", "").split("\n\n")[0]
        summary = " ".join(summary.split()).replace("``", "`").replace("|", "\\|")
        rows.append(f"| {rule.code} | `{rule.name}` | {summary} | {_FIX.get(rule.fix, rule.fix)} | "
                    f"{'✓' if rule.code in default else ''} |")
    return "\n".join(rows) + "\n"


def update(text: str) -> str:
    """``text`` with the table between the markers replaced by the current one."""
    try:
        head, rest = text.split(START, 1)
        _, tail = rest.split(END, 1)
    except ValueError:
        raise ValueError(f"the markers {START} and {END} are missing") from None
    return f"{head}{START}\n{rule_table()}{END}{tail}"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m artlint.docs", description="Regenerate the README's rule table.")
    p.add_argument("readme", nargs="?", default="README.md")
    p.add_argument("--check", action="store_true", help="exit 1 if the table is stale; write nothing")
    args = p.parse_args(argv)
    path = Path(args.readme)
    try:
        text = path.read_text(encoding="utf-8")
        new = update(text)
    except (OSError, ValueError) as exc:
        print(f"{path}: {exc}", file=sys.stderr)
        return 2
    if new == text:
        return 0
    if args.check:
        print(f"{path}: the rule table is stale; run `python -m artlint.docs {path}`", file=sys.stderr)
        return 1
    path.write_text(new, encoding="utf-8")
    print(f"{path}: rule table updated", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
