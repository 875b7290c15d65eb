"""Show how the golden files under ``fixtures/rules/`` differ from what the rules produce now.

    python tests/golden_diff.py [CODE ...]          # print a unified diff per stale file
    python tests/golden_diff.py --write [CODE ...]  # print the same diff, then write the new files
    python tests/golden_diff.py fix                 # the same for fixtures/fix/*/after.md

Review the diff before ``--write``: a golden file records what a person decided is right, and
regenerating it unseen would turn every bug into an expectation. Only ``fail_*.json`` and
``fail_*.fixed.md`` are produced; ``fixed.md`` only for rules that offer a fix.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rules"
FIX_CASES = FIXTURES.parent / "fix"


def expected_files(case: Path) -> dict[Path, str]:
    from artlint.article import Article
    from artlint.engine import Linter

    from online_examples import fixture_context

    linter = Linter(select=[case.parent.name])
    art = Article.from_bytes(case.read_bytes(), str(case))
    ctx = fixture_context(case.parent)
    found = linter.lint_text(art.text, str(case), bom=art.bom, context=ctx)
    findings = [{"code": v.code, "line": v.line, "column": v.column, "message": v.message} for v in found]
    out = {case.with_suffix(".json"): json.dumps(findings, ensure_ascii=False, indent=2) + "\n"}
    rule = linter.plugins.rule(case.parent.name)
    fixed = case.with_name(case.stem + ".fixed.md")
    if rule is not None and (rule.fix or fixed.exists()):
        out[fixed] = linter.fix_text(art.text, str(case), bom=art.bom, context=ctx).text
    return out


def fixed_case(folder: Path) -> dict[Path, str]:
    """``after.md``: ``before.md`` fixed with the default rules, as ``artlint fix`` would write it."""
    from artlint.article import Article
    from artlint.engine import Linter

    before = folder / "before.md"
    art = Article.from_bytes(before.read_bytes(), str(before))
    return {folder / "after.md": Linter().fix_text(art.text, str(before), bom=art.bom).text}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("codes", nargs="*", help="rule codes (default: all folders)")
    p.add_argument("--write", action="store_true", help="write the new files after printing the diff")
    args = p.parse_args(argv)
    codes = args.codes or [p.name for p in sorted(FIXTURES.iterdir())] + ["fix"]
    jobs = []
    for code in codes:
        if code == "fix":
            jobs.extend(fixed_case(folder) for folder in sorted(FIX_CASES.iterdir()))
        else:
            jobs.extend(expected_files(case) for case in sorted((FIXTURES / code).glob("fail_*.md"))
                        if not case.name.endswith(".fixed.md"))
    stale = 0
    for files in jobs:
        for path, new in files.items():
            old = _read(path)
            if old == new or (path.suffix == ".json" and old and json.loads(old) == json.loads(new)):
                continue  # findings files are compared as data, whatever their indentation
            stale += 1
            rel = path.relative_to(FIXTURES.parent.parent)
            sys.stdout.writelines(difflib.unified_diff(old.splitlines(True), new.splitlines(True),
                                                       f"a/{rel}", f"b/{rel}"))
            if not new.endswith("\n"):
                sys.stdout.write("\n\\ No newline at end of file\n")
            if args.write:
                _write(path, new)
    print(f"{stale} golden file(s) {'written' if args.write else 'differ'}.", file=sys.stderr)
    return 1 if stale and not args.write else 0


def _read(path: Path) -> str:
    if not path.exists():
        return ""
    data = path.read_bytes()
    return data[3:].decode("utf-8") if data.startswith(b"\xef\xbb\xbf") else data.decode("utf-8")


def _write(path: Path, text: str) -> None:
    # Keep the BOM and line endings of the case's input, as ``artlint fix`` does.
    source = path.with_name("before.md") if path.name == "after.md" else path.with_name(
        path.name.replace(".fixed.md", ".md").replace(".json", ".md"))
    bom = source.read_bytes().startswith(b"\xef\xbb\xbf") and not path.suffix == ".json"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))


if __name__ == "__main__":
    raise SystemExit(main())
