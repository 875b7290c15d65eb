"""``text``: one line per finding, ``path:line:col: CODE [name] message``, ruff-style."""

from __future__ import annotations

from typing import TextIO


def report(results, rules, stream: TextIO, *, show_fixes: bool = False, **_) -> None:
    for r in results:
        for v in r.violations:
            mark = " [*]" if v.fix is not None and v.fix.is_safe else " [-]" if v.fix is not None else ""
            sev = "" if v.severity.value == "error" else f" ({v.severity.value})"
            stream.write(f"{v.path}:{v.line}:{v.column}: {v.code}{mark} {v.message} [{v.name}]{sev}\n")
        if show_fixes:
            for v in r.fixed:
                title = v.fix.title if v.fix else ""
                stream.write(f"{r.path}: fixed {v.code} [{v.name}] {title}\n")
