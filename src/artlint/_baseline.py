"""Baselines: record today's findings, then report only new ones.

A baseline maps each file (relative to the baseline's folder) to the fingerprints of its findings with a
count, so identical findings in one file are matched one for one and an extra copy is reported as new.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Iterable, Iterator

from ._fingerprint import key, rel_path
from .errors import ArtlintError

VERSION = 1


class Baseline:
    def __init__(self, folder: Path, findings: dict[str, dict[str, int]]) -> None:
        self.folder = folder
        self.findings = findings

    @classmethod
    def load(cls, path: str | Path) -> Baseline:
        p = Path(path)
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ArtlintError(f"{p}: baseline file not found (write one with --write-baseline)") from None
        except (OSError, ValueError) as exc:
            raise ArtlintError(f"{p}: cannot read baseline: {exc}") from None
        if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("files"), dict):
            raise ArtlintError(f"{p}: not an artlint baseline (version {VERSION})")
        return cls(p.resolve().parent, data["files"])

    def filter(self, results: Iterable) -> Iterator:
        """The results with every finding the baseline knows removed."""
        for r in results:
            known = self.findings.get(rel_path(r.path, self.folder))
            if not known or not r.violations:
                yield r
                continue
            left = Counter(known)
            keep = []
            for v in r.violations:
                k = key(v)
                if left[k] > 0:
                    left[k] -= 1
                else:
                    keep.append(v)
            yield replace(r, violations=keep)


def write(path: str | Path, results: Iterable) -> int:
    """Record the findings of ``results``; returns how many were recorded."""
    p = Path(path)
    folder = p.resolve().parent
    files: dict[str, dict[str, int]] = {}
    total = 0
    for r in results:
        if r.violations:
            counts = Counter(key(v) for v in r.violations)
            files[rel_path(r.path, folder)] = dict(sorted(counts.items()))
            total += len(r.violations)
    doc = {"version": VERSION, "tool": "artlint", "files": dict(sorted(files.items()))}
    try:
        p.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    except OSError as exc:
        raise ArtlintError(f"{p}: cannot write baseline: {exc.strerror or exc}") from None
    return total
