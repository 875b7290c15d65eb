"""``text``: one line per finding, ``path:line:col: CODE [name] message``, ruff-style."""

from __future__ import annotations

import sys
from typing import TextIO

from ._util import LINES, stream_report

FRAME = LINES


def chunk(r, rules, *, show_fixes: bool = False, **_) -> str:
    out = []
    for v in r.violations:
        mark = " [*]" if v.fix is not None and v.fix.is_safe else " [-]" if v.fix is not None else ""
        sev = "" if v.severity.value == "error" else f" ({v.severity.value})"
        out.append(f"{v.path}:{v.line}:{v.column}: {v.code}{mark} {v.message} [{v.name}]{sev}\n")
    if show_fixes:
        for v in r.fixed:
            title = v.fix.title if v.fix else ""
            out.append(f"{r.path}: fixed {v.code} [{v.name}] {title}\n")
    return "".join(out)


def report(results, rules, stream: TextIO, **options) -> None:
    stream_report(sys.modules[__name__], results, rules, stream, **options)
