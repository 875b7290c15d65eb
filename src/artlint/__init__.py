"""artlint: lint and autofix articles — front-matter plus an HTML (or Markdown) body."""

from __future__ import annotations

from pathlib import Path
from typing import Any

__version__ = "0.1.0"

from .article import Article
from .config import Config
from .edits import Applicability, Edit, Fix
from .engine import FileResult, FixResult, Linter
from .errors import ArtlintError, ConfigError, InputError
from .hookspecs import hookimpl
from .rule import Rule
from .violation import Severity, Span, Violation


def _text_and_path(text_or_path: str | Path, path: str | None) -> tuple[str, str, bool]:
    if isinstance(text_or_path, Path):
        from ._io import read_file
        from .article import decode

        text, bom = decode(read_file(text_or_path), str(text_or_path))
        return text, str(text_or_path), bom
    return text_or_path, path or "-", False


def lint(text_or_path: str | Path, config: Config | str | Path | None = None, *, path: str | None = None,
         **options: Any) -> list[Violation]:
    """Findings for an article given as text (a ``str``) or a file (a ``Path``)."""
    text, name, bom = _text_and_path(text_or_path, path)
    linter = Linter(config, **options)
    return linter.lint_text(text, name, bom=bom)


def fix(text_or_path: str | Path, config: Config | str | Path | None = None, *, path: str | None = None,
        unsafe: bool = False, **options: Any) -> FixResult:
    """Fix an article in memory; returns ``FixResult(text, applied, remaining)``. Files are not written."""
    text, name, bom = _text_and_path(text_or_path, path)
    linter = Linter(config, **options)
    return linter.fix_text(text, name, unsafe=unsafe, bom=bom)


__all__ = [
    "Applicability", "Article", "ArtlintError", "Config", "ConfigError", "Edit", "FileResult", "Fix",
    "FixResult", "InputError", "Linter", "Rule", "Severity", "Span", "Violation", "__version__", "fix",
    "hookimpl", "lint",
]
