"""A finding: what a rule reports, where, and optionally how to fix it."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import NamedTuple

from .edits import Fix


class Severity(str, enum.Enum):
    """``error`` fails a run; ``warning`` is reported but does not change the exit code; ``info`` too."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def fails(self) -> bool:
        return self is Severity.ERROR


class Span(NamedTuple):
    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(slots=True)
class Violation:
    code: str
    name: str
    message: str
    severity: Severity
    span: Span
    path: str = "-"
    fix: Fix | None = None
    # The offending source (up to 400 characters, raw), for fingerprints that survive line shifts.
    snippet: str = field(default="", repr=False)

    @property
    def line(self) -> int:
        return self.span.line

    @property
    def column(self) -> int:
        return self.span.column

    @property
    def end_line(self) -> int:
        return self.span.end_line

    @property
    def end_column(self) -> int:
        return self.span.end_column

    @property
    def start(self) -> int:
        return self.span.start

    @property
    def end(self) -> int:
        return self.span.end

    def to_dict(self) -> dict:
        return {
            "path": self.path,
            "code": self.code,
            "name": self.name,
            "message": self.message,
            "severity": self.severity.value,
            "line": self.span.line,
            "column": self.span.column,
            "end_line": self.span.end_line,
            "end_column": self.span.end_column,
            "start": self.span.start,
            "end": self.span.end,
            "fix": self.fix.to_dict() if self.fix else None,
        }

    @classmethod
    def from_dict(cls, d: dict) -> Violation:
        """The inverse of ``to_dict`` (plus ``snippet`` when present), for caches and worker processes."""
        span = Span(d["start"], d["end"], d["line"], d["column"], d["end_line"], d["end_column"])
        fix = Fix.from_dict(d["fix"]) if d.get("fix") else None
        return cls(d["code"], d["name"], d["message"], Severity(d["severity"]), span, d.get("path", "-"), fix,
                   d.get("snippet", ""))
