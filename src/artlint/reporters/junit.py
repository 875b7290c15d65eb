"""``junit``: JUnit XML, one test suite per file and one failing test case per finding."""

from __future__ import annotations

from typing import TextIO
from xml.sax.saxutils import quoteattr, escape


def report(results, rules, stream: TextIO, **_) -> None:
    # Totals go on <testsuites> at the top, so the per-file suites are rendered first.
    suites: list[str] = []
    tests = failures = errors = 0
    for r in results:
        cases: list[str] = []
        if r.error:
            errors += 1
            cases.append(f'    <testcase name="read" classname={quoteattr(r.path)}>\n'
                         f'      <error message={quoteattr(r.error)}/>\n    </testcase>\n')
        for v in r.violations:
            body = f"{v.path}:{v.line}:{v.column}: {v.code} {v.message} [{v.name}]"
            cases.append(f'    <testcase name={quoteattr(f"{v.code} {v.name} {v.line}:{v.column}")} '
                         f'classname={quoteattr(v.path)} file={quoteattr(v.path)} line="{v.line}">\n'
                         f'      <failure message={quoteattr(v.message)} type={quoteattr(v.code)}>'
                         f'{escape(body)}</failure>\n    </testcase>\n')
        nfail = len(r.violations)
        if not cases:
            cases.append(f'    <testcase name="artlint" classname={quoteattr(r.path)}/>\n')
        tests += len(cases)
        failures += nfail
        suites.append(f'  <testsuite name={quoteattr(r.path)} tests="{len(cases)}" failures="{nfail}" '
                      f'errors="{1 if r.error else 0}">\n' + "".join(cases) + "  </testsuite>\n")
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(f'<testsuites name="artlint" tests="{tests}" failures="{failures}" errors="{errors}">\n')
    stream.writelines(suites)
    stream.write("</testsuites>\n")
