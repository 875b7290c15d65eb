"""Cleanup rules beyond their golden fixtures: large and deeply nested inputs converge, Markdown bodies
keep what is significant there, and ``apply_fixes`` agrees with a brute-force overlap check."""

from __future__ import annotations

import random

from artlint.edits import Edit, Fix, _overlaps, apply_fixes
from artlint.engine import Linter

HEAD = "---\ntitle: x\ndate: 2021-09-29\n---\n"


def _fix(text: str, *codes: str, path: str = "-"):
    return Linter(isolated=True, select=list(codes)).fix_text(text, path)


def test_deeply_nested_empty_spans_go_in_one_pass():
    n = 20000
    result = _fix(HEAD + "<p>a</p>" + "<span>" * n + "</span>" * n + "\n", "HT006")
    assert result.text == HEAD + "<p>a</p>\n" and result.converged and result.passes == 2


def test_thousands_of_presentational_tags_unwrap_together():
    n = 20000
    result = _fix(HEAD + "<p>" + "<font>" * n + "正文" + "</font>" * n + "</p>\n", "HT004")
    assert result.text == HEAD + "<p>正文</p>\n" and result.passes == 2


def test_mixed_line_endings_in_a_long_file():
    rng = random.Random(7)
    body = "".join(f"<p>{i}</p>" + rng.choice(["\n", "\n", "\r\n"]) for i in range(5000))
    result = _fix(HEAD + body, "ENC003")
    assert "\r" not in result.text and result.text.count("\n") == HEAD.count("\n") + 5000


def test_markdown_body_keeps_hard_breaks_and_code_blank_lines():
    md = HEAD + "Line one  \nline two\n\n\n\n```\ncode\n\n\n\nmore\n```\n"
    result = _fix(md, "HT008", "HT009", "HT010", path="post.md")
    assert result.text == md


def test_final_newline_uses_the_file_line_ending():
    text = HEAD.replace("\n", "\r\n") + "<p>x</p>\r\n<p>y</p>   \r\n\r\n"
    assert _fix(text, "HT010").text == HEAD.replace("\n", "\r\n") + "<p>x</p>\r\n<p>y</p>\r\n"


def _brute(text: str, fixes):
    """The rules of ``apply_fixes`` written the slow, obvious way: greedy in order of first edit, a fix
    with self-overlapping edits never taken, and a fix whose every edit lies strictly inside a deletion
    of another valid fix done by that deletion (taken when the deletion is)."""
    valid = [bool(f.edits) and not any(_overlaps(x, y) for n, x in enumerate(f.edits) for y in f.edits[n + 1:])
             for f in fixes]

    def inside(e, d):
        if d.end == d.start or d.replacement:
            return False
        if e.start == e.end:
            return d.start < e.start < d.end
        return d.start <= e.start and e.end <= d.end and (d.start, d.end) != (e.start, e.end)

    sub = {i for i, f in enumerate(fixes) if valid[i] and all(
        any(inside(e, d) for j, g in enumerate(fixes) if j != i and valid[j] for d in g.edits) for e in f.edits)}
    order = sorted(range(len(fixes)), key=lambda i: (fixes[i].start, fixes[i].end))
    accepted, taken = [], []
    for i in order:
        edits = fixes[i].edits
        if not valid[i] or i in sub or any(_overlaps(e, a) for e in edits for a in accepted):
            continue
        accepted.extend(edits)
        taken.append(i)
    if accepted:
        taken += [i for i in sub if all(any(inside(e, d) for d in accepted) for e in fixes[i].edits)]
    pos, parts = 0, []
    for e in sorted(accepted, key=lambda e: (e.start, e.end)):
        parts += [text[pos:e.start], e.replacement]
        pos = e.end
    return "".join(parts) + text[pos:], sorted(taken)


def test_apply_fixes_matches_a_brute_force_overlap_check():
    rng = random.Random(1)
    text = "abcdefghijklmnopqrst"
    for _ in range(5000):
        fixes = []
        for _ in range(rng.randint(0, 6)):
            edits = []
            for _ in range(rng.randint(0, 3)):
                s = rng.randint(0, 20)
                e = rng.randint(s, min(20, s + rng.choice([0, 0, 1, 2, 3, 8])))
                edits.append(Edit(s, e, rng.choice(["", "X", "YY"])))
            fixes.append(Fix(edits))
        got, taken = apply_fixes(text, fixes)
        assert (got, sorted(taken)) == _brute(text, fixes)
