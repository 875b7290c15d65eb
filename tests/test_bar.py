"""The acceptance bar, over a private copy of the real corpus: fixes touch only their spans.

Expectations are computed independently of artlint's own parser, with the standard library's
``html.parser`` locating tags and comments, so a shared bug cannot make both sides agree.
"""

from __future__ import annotations

import json
import os
import re
from html.parser import HTMLParser

from conftest import run_cli

_FRONT_MATTER = re.compile(r"\A\s*---\r?\n.*?^---[ \t]*\r?\n", re.S | re.M)
_TAG_NAME = re.compile(r"<[^\s/>]+")
_ATTR_TOKEN = re.compile(r"""[\s/]*([^\s"'>/=][^\s"'>/=]*)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?""")
_OLD_MTIME = 1_000_000_000_000_000_000


class _Locator(HTMLParser):
    """Collects (start, end) of start tags and comments in a body, as offsets into the body."""

    def __init__(self, body: str) -> None:
        super().__init__(convert_charrefs=False)
        self.body = body
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", body)]
        self.tags: list[tuple[int, int]] = []
        self.comments: list[tuple[int, int, str]] = []
        self.feed(body)
        self.close()

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def handle_starttag(self, tag, attrs):
        start = self._offset()
        self.tags.append((start, start + len(self.get_starttag_text())))

    handle_startendtag = handle_starttag

    def handle_comment(self, data):
        start = self._offset()
        assert self.body.startswith("<!--", start)
        end = self.body.index("-->", start + 4 + len(data)) + 3
        self.comments.append((start, end, data))


def _body_start(text: str) -> int:
    m = _FRONT_MATTER.match(text)
    assert m, "corpus article without YAML front-matter"
    return m.end()


def _without(text: str, spans) -> str:
    out, pos = [], 0
    for s, e in sorted(spans):
        out.append(text[pos:s])
        pos = e
    out.append(text[pos:])
    return "".join(out)


def expected_without_style(text: str) -> str:
    base = _body_start(text)
    loc = _Locator(text[base:])
    spans = []
    for s, e in loc.tags:
        tag = text[base + s:base + e]
        pos = _TAG_NAME.match(tag).end()
        # Walk the attributes one by one, so a quoted value that contains " style=" is not mistaken for one.
        while (m := _ATTR_TOKEN.match(tag, pos)) and m.end() > pos:
            pos = m.end()
            if m.group(1).lower() == "style":
                start = m.start(1)
                while tag[start - 1] in " \t\r\n\f":
                    start -= 1
                spans.append((base + s + start, base + s + m.end()))
    return _without(text, spans)


def expected_without_comments(text: str) -> str:
    base = _body_start(text)
    loc = _Locator(text[base:])
    spans = [(base + s, base + e) for s, e, data in loc.comments
             if data.strip() != "more" and not data.strip().startswith("artlint-")]
    return _without(text, spans)


def _snapshot(folder):
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def _age(folder):
    for p in folder.iterdir():
        os.utime(p, ns=(_OLD_MTIME, _OLD_MTIME))


def test_style_expectation_ignores_look_alikes():
    text = ("\n---\ntitle: T\n---\n<p cms-style=\"font-L\" title='a style=b' style='a'>style=\"x\"</p>"
            "<!-- <b style=\"y\"> --><i\n  STYLE = \"z\" >")
    assert expected_without_style(text) == ("\n---\ntitle: T\n---\n<p cms-style=\"font-L\" title='a style=b'>"
                                            "style=\"x\"</p><!-- <b style=\"y\"> --><i >")


def test_fix_inline_style_removes_exactly_the_attributes(corpus_copy, corpus_articles):
    proc = run_cli("fix", "--isolated", "--select", "inline-style", str(corpus_copy))
    assert proc.returncode == 0, proc.stderr
    changed = 0
    for original in sorted(corpus_articles.glob("*.md")):
        raw = original.read_bytes().decode("utf-8")
        got = (corpus_copy / original.name).read_bytes().decode("utf-8")
        want = expected_without_style(raw)
        assert got == want, original.name
        changed += got != raw
    assert changed >= 40  # the census counts 46 files with style attributes


def test_fix_html_comment_removes_exactly_the_comments(corpus_copy, corpus_articles):
    proc = run_cli("fix", "--isolated", "--select", "html-comment", str(corpus_copy))
    assert proc.returncode == 0, proc.stderr
    changed = 0
    for original in sorted(corpus_articles.glob("*.md")):
        raw = original.read_bytes().decode("utf-8")
        got = (corpus_copy / original.name).read_bytes().decode("utf-8")
        assert got == expected_without_comments(raw), original.name
        changed += got != raw
    assert changed >= 40  # the census counts 43 files with comments


def test_corpus_files_with_nothing_to_fix_keep_bytes_and_mtime(corpus_copy):
    # With every default rule each corpus file has something to fix; a narrower selection leaves real
    # scraped files with nothing to fix.
    select = ("--select", "inline-style,style-element")
    _age(corpus_copy)
    before = _snapshot(corpus_copy)
    report = json.loads(run_cli("check", "--isolated", *select, "--output-format", "json", str(corpus_copy)).stdout)
    fixable = {os.path.basename(d["path"]) for d in report if d["fix"] and d["fix"]["applicability"] == "safe"}
    assert 0 < len(fixable) < len(before)
    proc = run_cli("fix", "--isolated", *select, str(corpus_copy))
    assert proc.returncode == 0, proc.stderr
    after = _snapshot(corpus_copy)
    for name, (data, mtime) in before.items():
        if name in fixable:
            assert after[name][0] != data, f"{name} had safe fixes but was not changed"
        else:
            assert after[name] == (data, mtime), f"{name} had nothing to fix but was rewritten"


def test_second_fix_changes_nothing_and_untouched_files_keep_bytes_and_mtime(corpus_copy):
    # Every scraped file has something to fix (a blank line before its front-matter, no final newline),
    # so a clean article joins them to show that a file with nothing to fix is left alone.
    (corpus_copy / "zz-clean.md").write_bytes(
        "---\ntitle: 干净的文章\ndate: 2021-09-29T07:52:07+00:00\n---\n<p>没有要修的。</p>\n".encode())
    _age(corpus_copy)
    before = _snapshot(corpus_copy)
    report = json.loads(run_cli("check", "--isolated", "--output-format", "json", str(corpus_copy)).stdout)
    fixable = {os.path.basename(d["path"]) for d in report if d["fix"] and d["fix"]["applicability"] == "safe"}
    assert 0 < len(fixable) < len(before)

    first = run_cli("fix", "--isolated", str(corpus_copy))
    assert first.returncode in (0, 1), first.stderr
    assert "Traceback" not in first.stderr
    after = _snapshot(corpus_copy)
    for name, (data, mtime) in before.items():
        if name in fixable:
            assert after[name][0] != data, f"{name} had safe fixes but was not changed"
        else:
            assert after[name] == (data, mtime), f"{name} had nothing to fix but was rewritten"

    _age(corpus_copy)
    settled = _snapshot(corpus_copy)
    second = run_cli("fix", "--isolated", str(corpus_copy))
    assert "Fixed 0 findings in 0 files." in second.stderr
    assert _snapshot(corpus_copy) == settled


def test_bad_files_are_one_line_errors_and_the_rest_is_still_checked(corpus_copy):
    keep = sorted(corpus_copy.glob("*.md"))[:12]
    for p in sorted(corpus_copy.glob("*.md"))[12:]:
        p.unlink()
    sample = keep[0].read_text(encoding="utf-8")
    bad = {
        "binary.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
        "gbk.md": sample.encode("gb18030"),
        "broken-yaml.md": b"\n---\ntitle: [unclosed\ndate: Wed, 29 Sep 2021 07:52:07 GMT\n---\n<p style=\"x\">y</p>",
    }
    for name, data in bad.items():
        (corpus_copy / name).write_bytes(data)
    _age(corpus_copy)
    before = _snapshot(corpus_copy)

    for command in ("check", "fix"):
        proc = run_cli(command, "--isolated", "--output-format", "json", str(corpus_copy))
        assert proc.returncode == 2
        assert "Traceback" not in proc.stderr
        errors = [line for line in proc.stderr.splitlines() if line.startswith("artlint: error: ")]
        assert len(errors) == 3, proc.stderr
        for name in bad:
            (line,) = [e for e in errors if f"{name}:" in e]
            assert line.startswith(f"artlint: error: {corpus_copy / name}: ")
        findings = json.loads(proc.stdout)
        if command == "check":
            assert {os.path.basename(d["path"]) for d in findings} >= {p.name for p in keep[:3]}
            assert _snapshot(corpus_copy) == before
        after = _snapshot(corpus_copy)
        for name in bad:
            assert after[name] == before[name]
    # The good files were fixed despite the bad ones.
    assert any(after[p.name][0] != before[p.name][0] for p in keep)
