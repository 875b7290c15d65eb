"""The command line, run for real in a subprocess: exit codes, formats, stdin, diff, rule docs, walking."""

from __future__ import annotations

import json

import pytest

from conftest import article, run_cli

CLEAN = article("<p>clean</p>")
DIRTY = article('<p style="color:red">x</p><!-- c -->')
FIELDS = {"path", "code", "name", "message", "severity", "line", "column", "end_line", "end_column", "fix"}


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "clean.md").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "dirty.md").write_text(DIRTY, encoding="utf-8")
    return tmp_path


def test_exit_0_when_clean(folder):
    proc = run_cli("check", "clean.md", cwd=folder)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "" and "All checks passed" in proc.stderr


def test_exit_1_with_findings_and_ruff_style_lines(folder):
    proc = run_cli("check", ".", cwd=folder)
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert lines == ["dirty.md:5:4: HT001 [*] inline style on <p> [inline-style]",
                     "dirty.md:5:27: HT003 [*] HTML comment: 'c' [html-comment]"]
    assert "Found 2 findings" in proc.stderr


def test_exit_zero_flag(folder):
    assert run_cli("check", "--exit-zero", "dirty.md", cwd=folder).returncode == 0


@pytest.mark.parametrize("args", [
    ("check", "--output-format", "xml", "clean.md"),
    ("check", "--select", "no-such-rule", "clean.md"),
    ("bogus",),
    (),
    ("rule", "NOPE999"),
    ("check", "missing.md"),
])
def test_exit_2_for_usage_config_and_input_errors(folder, args):
    proc = run_cli(*args, cwd=folder)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr


def test_json_output_parses_with_the_required_fields(folder):
    proc = run_cli("check", "--output-format", "json", ".", cwd=folder)
    assert proc.returncode == 1
    data = json.loads(proc.stdout)
    assert [d["code"] for d in data] == ["HT001", "HT003"]
    for d in data:
        assert FIELDS <= set(d)
        assert d["path"] == "dirty.md" and d["severity"] == "error"
    assert data[0]["fix"]["applicability"] == "safe"
    assert data[0]["fix"]["edits"] == [{"start": DIRTY.index(' style'), "end": DIRTY.index(">x"),
                                        "replacement": ""}]


def test_json_output_of_a_clean_run_is_an_empty_list(folder):
    proc = run_cli("check", "--format", "json", "clean.md", cwd=folder)
    assert proc.returncode == 0 and json.loads(proc.stdout) == []


def test_output_file(folder):
    proc = run_cli("check", "--output-format", "json", "-o", "report.json", "dirty.md", cwd=folder)
    assert proc.returncode == 1 and proc.stdout == ""
    assert len(json.loads((folder / "report.json").read_text())) == 2


def test_stdin_with_stdin_filename(folder):
    proc = run_cli("check", "-", "--stdin-filename", "posts/x.md", input=DIRTY.encode(), cwd=folder)
    assert proc.returncode == 1
    assert proc.stdout.startswith("posts/x.md:5:4: HT001")


def test_stdin_uses_the_config_of_stdin_filename(folder):
    (folder / "posts").mkdir()
    (folder / "posts" / "artlint.toml").write_text('select = ["html-comment"]\n')
    proc = run_cli("check", "-", "--stdin-filename", "posts/x.md", input=DIRTY.encode(), cwd=folder)
    assert [line.split()[1] for line in proc.stdout.splitlines()] == ["HT003"]


def test_fix_on_stdin_prints_the_fixed_text(folder):
    proc = run_cli("fix", "-", "--stdin-filename", "x.md", input=DIRTY.encode(), cwd=folder)
    assert proc.returncode == 0
    assert proc.stdout == article("<p>x</p>")


def test_fix_diff_prints_a_diff_and_writes_nothing(folder):
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.glob("*.md")}
    proc = run_cli("fix", "--diff", ".", cwd=folder)
    assert proc.returncode == 1
    assert proc.stdout.startswith("--- a/dirty.md\n+++ b/dirty.md\n")
    assert "+<p>x</p>" in proc.stdout
    assert {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.glob("*.md")} == before


def test_fix_diff_marks_a_missing_final_newline(tmp_path):
    (tmp_path / "a.md").write_text(DIRTY.rstrip("\n"), encoding="utf-8")
    proc = run_cli("fix", "--diff", "--select", "inline-style", "a.md", cwd=tmp_path)
    assert proc.stdout.endswith('-<p style="color:red">x</p><!-- c -->\n\\ No newline at end of file\n'
                                "+<p>x</p><!-- c -->\n\\ No newline at end of file\n")


def test_fix_diff_of_clean_files_is_empty_and_exit_0(folder):
    proc = run_cli("fix", "--diff", "clean.md", cwd=folder)
    assert proc.returncode == 0 and proc.stdout == ""


def test_fix_writes_and_then_reports_clean(folder):
    proc = run_cli("fix", ".", cwd=folder)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Fixed 2 findings in 1 file." in proc.stderr
    assert (folder / "dirty.md").read_text() == article("<p>x</p>")
    assert (folder / "clean.md").read_text() == CLEAN


def test_select_and_ignore_flags(folder):
    proc = run_cli("check", "--select", "html-comment", "dirty.md", cwd=folder)
    assert [line.split()[1] for line in proc.stdout.splitlines()] == ["HT003"]
    proc = run_cli("check", "--ignore", "HT003,inline-style", "dirty.md", cwd=folder)
    assert proc.returncode == 0 and proc.stdout == ""
    proc = run_cli("check", "--select", "HT001", "--extend-select", "HT003", "dirty.md", cwd=folder)
    assert len(proc.stdout.splitlines()) == 2


def test_rules_lists_every_builtin_rule():
    proc = run_cli("rules")
    assert proc.returncode == 0
    codes = [line.split()[0] for line in proc.stdout.splitlines()]
    assert {"FM001", "FM002", "HT001", "HT002", "HT003", "IMG001"} <= set(codes)
    data = json.loads(run_cli("rules", "--output-format", "json").stdout)
    by_code = {d["code"]: d for d in data}
    assert by_code["HT001"]["name"] == "inline-style" and by_code["HT001"]["fix"] == "safe"


@pytest.mark.parametrize("ref", ["HT001", "inline-style", "ht001"])
def test_rule_prints_its_docs(ref):
    proc = run_cli("rule", ref)
    assert proc.returncode == 0
    assert proc.stdout.startswith("# HT001 inline-style\n")
    for section in ("## What it does", "## Why is this bad?", "## Example", "## Use instead", "## Options",
                    "## Fix safety"):
        assert section in proc.stdout


def test_folders_recurse_over_article_extensions_and_honour_gitignore(tmp_path):
    for rel in ("a.md", "b.markdown", "c.html", "d.htm", "e.txt", "sub/f.md", "ignored/g.md", "h.draft.md",
                "node_modules/i.md"):
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(DIRTY, encoding="utf-8")
    (tmp_path / ".gitignore").write_text("ignored/\n*.draft.md\n")
    proc = run_cli("check", "--output-format", "json", "--select", "HT001", ".", cwd=tmp_path)
    paths = sorted({d["path"] for d in json.loads(proc.stdout)})
    assert paths == ["a.md", "b.markdown", "c.html", "d.htm", "sub/f.md"]
    proc = run_cli("check", "--output-format", "json", "--select", "HT001", "--no-respect-gitignore", ".",
                   cwd=tmp_path)
    paths = sorted({d["path"] for d in json.loads(proc.stdout)})
    assert paths == ["a.md", "b.markdown", "c.html", "d.htm", "h.draft.md", "ignored/g.md", "sub/f.md"]


def test_a_file_named_directly_is_checked_even_if_gitignored(tmp_path):
    (tmp_path / ".gitignore").write_text("*.md\n")
    (tmp_path / "a.md").write_text(DIRTY, encoding="utf-8")
    assert run_cli("check", "a.md", cwd=tmp_path).returncode == 1


def test_python_dash_m_and_version():
    proc = run_cli("--version")
    assert proc.returncode == 0 and proc.stdout.startswith("artlint ")


def test_exclude_and_respect_gitignore_from_config(tmp_path):
    for rel in ("a.md", "drafts/b.md", "sub/drafts/c.md", "gen/d.md", "ignored/e.md"):
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(DIRTY, encoding="utf-8")
    (tmp_path / ".gitignore").write_text("ignored/\n")
    (tmp_path / "artlint.toml").write_text('exclude = ["/drafts/"]\nextend-exclude = ["gen/"]\n'
                                           "respect-gitignore = false\n")
    proc = run_cli("check", "--output-format", "json", "--select", "HT001", ".", cwd=tmp_path)
    paths = sorted({d["path"] for d in json.loads(proc.stdout)})
    assert paths == ["a.md", "ignored/e.md", "sub/drafts/c.md"]
