"""atheris harness for artlint: one target reads bytes as a file (decode, front-matter, body trees), the
other fixes them (every rule of the strict selection, safe and unsafe fixes, twice for idempotence).

    python fuzz/fuzz_artlint.py parse -max_total_time=60 fuzz/corpus
    python fuzz/fuzz_artlint.py fix -runs=100000 fuzz/corpus

An input error (``ArtlintError``) is the expected answer to bad input; anything else raising is a bug, and
so is a second fix that changes the text again.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports(include=["artlint"]):
    from artlint import ArtlintError, Linter
    from artlint.article import Article

_LINTER = None


def _linter() -> Linter:
    global _LINTER
    if _LINTER is None:
        _LINTER = Linter(isolated=True, select=["ALL"])
    return _LINTER


def parse(data: bytes) -> None:
    try:
        article = Article.from_bytes(data, "fuzz.md")
    except ArtlintError:
        return
    tree = article.html
    for el in tree.elements:
        el.attrs  # attributes are parsed lazily
    article.lines.position(len(article.text))
    if article.body_kind == "markdown":
        article.links  # noqa: B018 - Markdown spans
    tree.select("div p, a[href], img")


def fix(data: bytes) -> None:
    try:
        article = Article.from_bytes(data, "fuzz.md")
    except ArtlintError:
        return
    linter = _linter()
    try:
        result = linter.fix_text(article.text, "fuzz.md", unsafe=bool(data[:1]) and data[0] & 1 == 1,
                                 bom=article.bom)
    except ArtlintError:
        return
    crashed = [v for v in result.remaining if v.code == "ART002"]
    if crashed:
        raise AssertionError(crashed[0].message)
    if result.converged:
        again = linter.fix_text(result.text, "fuzz.md", unsafe=bool(data[:1]) and data[0] & 1 == 1,
                                bom=article.bom)
        if again.text != result.text:
            raise AssertionError(f"fix is not idempotent: {[v.code for v in again.applied]}")
    article.to_bytes(result.text).decode(article.encoding)


TARGETS = {"parse": parse, "fix": fix}


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in TARGETS:
        sys.exit(f"usage: {sys.argv[0]} {{{'|'.join(TARGETS)}}} [libFuzzer options] [corpus folders]")
    target = TARGETS[sys.argv.pop(1)]
    atheris.Setup(sys.argv, target)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
