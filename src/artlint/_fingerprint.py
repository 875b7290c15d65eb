"""Content fingerprints of findings: stable across line shifts and edits elsewhere in the file."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Iterable, Iterator

from .violation import Violation


def _norm(text: str) -> str:
    return " ".join(text.split())


def key(v: Violation) -> str:
    """Rule code and the normalised offending text (or the message when a finding has no text span)."""
    what = _norm(v.snippet) if v.snippet else _norm(v.message)
    return hashlib.sha1(f"{v.code}\0{what}".encode()).hexdigest()[:20]


def rel_path(path: str, base: Path | None = None) -> str:
    """The path in portable form: posix, relative to ``base`` (default: the current folder) when inside it."""
    if path == "-":
        return path
    p = Path(path)
    base = (base or Path.cwd()).resolve()
    try:
        return p.resolve().relative_to(base).as_posix()
    except (ValueError, OSError):
        return p.as_posix()


def with_occurrence(violations: Iterable[Violation]) -> Iterator[tuple[Violation, str, int]]:
    """Each finding with its key and how many earlier findings of the same file had the same key, so
    identical findings (the same inline style twice) stay distinct."""
    seen: dict[str, int] = {}
    for v in violations:
        k = key(v)
        n = seen.get(k, 0)
        seen[k] = n + 1
        yield v, k, n


def stable_id(path: str, k: str, n: int) -> str:
    return hashlib.sha256(f"{path}\0{k}\0{n}".encode()).hexdigest()
