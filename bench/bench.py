"""Time artlint against an lxml parse+serialise and bleach.clean of the same article bodies.

Usage: python bench/bench.py [FOLDER] [--repeat N] [--select RULES]

Everything runs in one process over the same files; the figures that matter are the ratios, which
hold from machine to machine far better than absolute times.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "articles"


def _passes(fn, items, repeat: int) -> tuple[float, float]:
    """Time of the first pass of ``fn`` over ``items`` and the best of ``repeat`` passes.

    The first pass is what a batch run over new articles pays: whatever artlint remembers between
    articles (compiled pack data, verdicts on a style or URL seen before) only helps as far as articles
    really repeat one another. Later passes see the same articles again, so they are faster than any
    real run could be, but less disturbed by the rest of the machine.
    """
    times = []
    for _ in range(max(1, repeat)):
        gc.collect()
        t0 = time.perf_counter()
        for it in items:
            fn(it)
        times.append(time.perf_counter() - t0)
    return times[0], min(times)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", default=str(DEFAULT))
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--select", default=None, help="rules to run (default: the recommended preset)")
    ap.add_argument("--only", choices=("none", "lxml", "parse", "check", "fix", "bleach"),
                    help="after the warm-up, run just this row once and print nothing (for instructions.py)")
    args = ap.parse_args(argv)

    import bleach
    import lxml.html

    from artlint import Article, Linter

    files = sorted(p for p in Path(args.folder).rglob("*") if p.suffix in (".md", ".html", ".htm"))
    linter = Linter(isolated=True, select=args.select.split(",") if args.select else None)
    docs = []
    for p in files:
        data = p.read_bytes()
        try:
            art = Article.from_bytes(data, str(p))
        except Exception:
            continue
        docs.append((str(p), art.text, art.body))
    if not docs:
        print(f"no readable articles under {args.folder}", file=sys.stderr)
        return 2
    rs = linter.ruleset_for(docs[0][0])

    def lxml_roundtrip(doc):
        # The plain lxml.html round trip anyone would write: parse the body, serialise it back.
        body = doc[2]
        if body.strip():
            lxml.html.tostring(lxml.html.fromstring(body), encoding="unicode")

    def artlint_parse(doc):
        # What every rule run starts from: the front-matter read and the body's source tree built.
        art = Article(doc[1], doc[0])
        art.html
        art.release()

    def artlint_check(doc):
        linter.lint_text(doc[1], doc[0])

    def artlint_fix(doc):
        linter.fix_text(doc[1], doc[0])

    def bleach_clean(doc):
        bleach.clean(doc[2])

    # Imports and lazy tables are loaded on other articles (the rule fixtures), not the measured ones.
    for p in sorted((Path(__file__).resolve().parents[1] / "fixtures" / "rules").rglob("*.md")):
        text = p.read_text(encoding="utf-8", errors="replace")
        warm = (str(p), text, Article(text, str(p)).body)
        for fn in (lxml_roundtrip, artlint_parse, artlint_check, artlint_fix, bleach_clean):
            fn(warm)
    if args.only:
        row = {"none": None, "lxml": lxml_roundtrip, "parse": artlint_parse, "check": artlint_check, "fix": artlint_fix,
               "bleach": bleach_clean}[args.only]
        for d in docs if row else ():
            row(d)
        return 0
    base = _passes(lxml_roundtrip, docs, args.repeat)[1]
    rows = [("lxml parse+serialise", (base, base))]
    rows.append(("artlint parse (no rules)", _passes(artlint_parse, docs, args.repeat)))
    rows.append(("artlint check", _passes(artlint_check, docs, args.repeat)))
    rows.append(("artlint fix (in memory)", _passes(artlint_fix, docs, args.repeat)))
    rows.append(("bleach.clean", _passes(bleach_clean, docs, max(1, args.repeat // 2))))
    n = len(docs)
    size = sum(len(d[1].encode()) for d in docs)
    print(f"{n} articles, {size / 1024:.0f} KiB, {len(rs.selected)} rules selected, first pass and best of "
          f"{args.repeat}")
    print(f"{'':26} {'first pass':>10} {'× lxml':>8} {'best':>10} {'× lxml':>8}")
    for name, (first, best) in rows:
        print(f"{name:26} {first / n * 1e6:8.1f}µs {first / base:8.2f} {best / n * 1e6:8.1f}µs {best / base:8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
