"""The CI output formats carry the same findings as JSON, and each parses as its consumers expect."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from ci_helpers import BAD_ARTICLE, REPO, artlint, need_corpus

FORMATS = "json:out.json,sarif:out.sarif,junit:out.xml,gitlab:gl.json,github:gh.txt"


@pytest.fixture(scope="module")
def corpus_reports(tmp_path_factory):
    articles = need_corpus()
    out = tmp_path_factory.mktemp("reports")
    p = artlint("check", str(articles.resolve()), "--no-cache", "--output-format", FORMATS, cwd=out)
    assert p.returncode == 1, p.stderr
    assert p.stdout == ""  # every format went to its file
    return out


def _key(path: str, code: str, line: int, col: int) -> tuple:
    return (Path(path).name, code, int(line), int(col))


def _json_findings(folder: Path) -> list[tuple]:
    data = json.loads((folder / "out.json").read_text(encoding="utf-8"))
    assert data, "the corpus has findings"
    return sorted(_key(d["path"], d["code"], d["line"], d["column"]) for d in data)


def test_sarif_is_valid_and_complete(corpus_reports):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((REPO / "tests" / "data" / "sarif-2.1.0.json").read_text(encoding="utf-8"))
    doc = json.loads((corpus_reports / "out.sarif").read_text(encoding="utf-8"))
    errors = list(jsonschema.Draft4Validator(schema).iter_errors(doc))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    by_id = {r["id"]: r for r in rules}
    help_ = by_id["HT001"]["help"]
    assert help_["markdown"].startswith("## What it does")
    assert help_["text"].startswith("What it does\n") and "\nWhy is this bad?\n" in help_["text"]
    assert by_id["HT001"]["shortDescription"]["text"] == "Inline style attribute"
    found = []
    for res in run["results"]:
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
        loc = res["locations"][0]["physicalLocation"]
        found.append(_key(loc["artifactLocation"]["uri"], res["ruleId"], loc["region"]["startLine"],
                          loc["region"]["startColumn"]))
    assert sorted(found) == _json_findings(corpus_reports)
    fixes = [r for r in run["results"] if r.get("fixes")]
    assert fixes and all(r["fixes"][0]["artifactChanges"][0]["replacements"] for r in fixes)


def test_github_annotations_match_json(corpus_reports):
    lines = (corpus_reports / "gh.txt").read_text(encoding="utf-8").splitlines()
    pat = re.compile(r"^::(error|warning|notice) file=([^,]+),line=(\d+),col=(\d+),endLine=\d+,endColumn=\d+,"
                     r"title=([A-Z]+\d+) [a-z-]+::\5 .+$")
    found = []
    for line in lines:
        m = pat.match(line)
        assert m, line
        found.append(_key(m.group(2), m.group(5), m.group(3), m.group(4)))
    assert sorted(found) == _json_findings(corpus_reports)


def test_junit_parses_and_matches_json(corpus_reports):
    root = ET.parse(corpus_reports / "out.xml").getroot()
    assert root.tag == "testsuites"
    found = []
    for case in root.iter("testcase"):
        failure = case.find("failure")
        if failure is not None:
            line, col = case.get("name").rsplit(" ", 1)[1].split(":")
            found.append(_key(case.get("classname"), failure.get("type"), line, col))
    assert sorted(found) == _json_findings(corpus_reports)
    assert int(root.get("failures")) == len(found)


def test_gitlab_code_quality_matches_json(corpus_reports):
    data = json.loads((corpus_reports / "gl.json").read_text(encoding="utf-8"))
    found = [_key(d["location"]["path"], d["check_name"].split()[0], d["location"]["positions"]["begin"]["line"],
                  d["location"]["positions"]["begin"]["column"]) for d in data]
    assert sorted(found) == _json_findings(corpus_reports)
    prints = [d["fingerprint"] for d in data]
    assert len(set(prints)) == len(prints)
    assert {d["severity"] for d in data} <= {"info", "minor", "major", "critical", "blocker"}


def test_gitlab_fingerprints_survive_line_shifts(tmp_path):
    art = tmp_path / "a.md"
    art.write_text(BAD_ARTICLE, encoding="utf-8")
    before = json.loads(artlint("check", "a.md", "--no-cache", "--format", "gitlab", cwd=tmp_path).stdout)
    art.write_text(BAD_ARTICLE.replace("<div>\n", "<div>\n<p>A new first paragraph.</p>\n\n"), encoding="utf-8")
    after = json.loads(artlint("check", "a.md", "--no-cache", "--format", "gitlab", cwd=tmp_path).stdout)
    assert [d["location"]["positions"]["begin"]["line"] for d in before] != \
        [d["location"]["positions"]["begin"]["line"] for d in after]
    assert [d["fingerprint"] for d in before] == [d["fingerprint"] for d in after]


def test_github_format_is_the_default_under_github_actions(tmp_path):
    (tmp_path / "a.md").write_text(BAD_ARTICLE, encoding="utf-8")
    p = artlint("check", "a.md", "--no-cache", cwd=tmp_path, env={"GITHUB_ACTIONS": "true"})
    assert p.returncode == 1
    assert p.stdout.startswith("::error file=a.md,line=7,col=4,")
    p = artlint("check", "a.md", "--no-cache", "--format", "text", cwd=tmp_path, env={"GITHUB_ACTIONS": "true"})
    assert p.stdout.startswith("a.md:7:4: HT001")


def test_github_escapes_workflow_command_syntax(tmp_path):
    name = "odd,name:100%.md"
    (tmp_path / name).write_text(BAD_ARTICLE, encoding="utf-8")
    p = artlint("check", name, "--no-cache", "--format", "github", cwd=tmp_path)
    assert "file=odd%2Cname%3A100%25.md," in p.stdout


def test_output_file_and_suffix(tmp_path):
    (tmp_path / "a.md").write_text(BAD_ARTICLE, encoding="utf-8")
    p = artlint("check", "a.md", "--no-cache", "-o", "report.sarif", cwd=tmp_path)
    assert p.returncode == 1 and p.stdout == ""
    assert json.loads((tmp_path / "report.sarif").read_text(encoding="utf-8"))["version"] == "2.1.0"
    p = artlint("check", "a.md", "--no-cache", "--format", "json,text", cwd=tmp_path)
    assert p.returncode == 2 and "only one output format can go to standard output" in p.stderr
    p = artlint("check", "a.md", "--no-cache", "--format", "nope", cwd=tmp_path)
    assert p.returncode == 2 and "unknown output format 'nope'" in p.stderr


def test_statistics_exit_zero_quiet_and_warning_severity(tmp_path):
    (tmp_path / "a.md").write_text(BAD_ARTICLE, encoding="utf-8")
    (tmp_path / "b.md").write_text(BAD_ARTICLE, encoding="utf-8")
    p = artlint("check", ".", "--no-cache", "--statistics", cwd=tmp_path)
    assert p.returncode == 1
    assert p.stdout.split("\n")[:2] == ["2  HT001   [*] inline-style", "2  HT003   [*] html-comment"]
    stats = json.loads(artlint("check", ".", "--no-cache", "--statistics", "--format", "json", cwd=tmp_path).stdout)
    assert {s["code"]: s["count"] for s in stats} == {"HT001": 2, "HT003": 2}

    p = artlint("check", ".", "--no-cache", "--exit-zero", cwd=tmp_path)
    assert p.returncode == 0 and "HT001" in p.stdout and "Found 4 findings" in p.stderr
    p = artlint("check", ".", "--no-cache", "-q", cwd=tmp_path)
    assert p.returncode == 1 and p.stderr == "" and p.stdout.count("\n") == 4

    (tmp_path / "artlint.toml").write_text('[rules.inline-style]\nseverity = "warning"\n'
                                           '[rules.html-comment]\nseverity = "warning"\n', encoding="utf-8")
    p = artlint("check", ".", "--no-cache", cwd=tmp_path)
    assert p.returncode == 0, p.stderr  # warnings are reported but do not fail
    assert "HT001 [*] inline style on <p> [inline-style] (warning)" in p.stdout


def test_show_fixes_lists_what_fix_did(tmp_path):
    (tmp_path / "a.md").write_text(BAD_ARTICLE, encoding="utf-8")
    p = artlint("fix", "a.md", "--no-cache", "--show-fixes", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    assert "a.md: fixed HT001 [inline-style] Remove style attribute" in p.stdout
    assert "Fixed 2 findings in 1 file." in p.stderr
