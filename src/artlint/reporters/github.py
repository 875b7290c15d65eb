"""``github``: GitHub Actions workflow commands, shown as annotations on the pull request's diff."""

from __future__ import annotations

import sys
from typing import TextIO

from ._util import LINES, stream_report

FRAME = LINES

_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(s: str) -> str:
    return _data(s).replace(":", "%3A").replace(",", "%2C")


def chunk(r, rules, **_) -> str:
    out = []
    if r.error:
        out.append(f"::error file={_prop(r.path)},title=artlint::{_data(r.error)}\n")
    for v in r.violations:
        level = _LEVEL.get(v.severity.value, "error")
        out.append(f"::{level} file={_prop(v.path)},line={v.line},col={v.column},endLine={v.end_line},"
                   f"endColumn={v.end_column},title={_prop(f'{v.code} {v.name}')}::"
                   f"{_data(f'{v.code} {v.message}')}\n")
    return "".join(out)


def report(results, rules, stream: TextIO, **options) -> None:
    stream_report(sys.modules[__name__], results, rules, stream, **options)
