"""Non-UTF-8 files: ``check`` names the encoding in one line (exit 2, file untouched); ``fix
--unsafe-fixes`` transcodes to UTF-8 and goes on with the other fixes."""

from __future__ import annotations

import json

from conftest import run_cli

TEXT = ("---\ntitle: '世界互联网大会落幕 签约项目超600亿元'\ndate: 2021-09-29T07:52:07+00:00\n---\n"
        "<p>　　本报讯（见习记者 俱鹤飞）昨天，2021年世界互联网大会乌镇峰会闭幕。三天来，来自全世界96个国家"
        "和地区的2000多位嘉宾云集于此，围绕“迈向数字文明新时代”的主题展开讨论、凝聚共识。</p>\n")


def _folder(tmp_path):
    p = tmp_path / "gbk.md"
    p.write_bytes(TEXT.encode("gb18030"))
    (tmp_path / "ok.md").write_text("---\ntitle: ok\ndate: 2021-09-29\n---\n<p>ok</p>\n", encoding="utf-8")
    return p


def test_check_names_the_encoding_in_one_line(tmp_path):
    p = _folder(tmp_path)
    before = p.read_bytes()
    proc = run_cli("check", "--isolated", "gbk.md", "ok.md", cwd=tmp_path)
    assert proc.returncode == 2
    errors = [line for line in proc.stderr.splitlines() if "gbk.md" in line]
    assert len(errors) == 1 and "Traceback" not in proc.stderr
    assert "not valid UTF-8" in errors[0] and "GB18030" in errors[0]
    assert "artlint fix --unsafe-fixes" in errors[0]
    assert p.read_bytes() == before


def test_safe_fix_leaves_the_file_alone(tmp_path):
    p = _folder(tmp_path)
    before = p.read_bytes()
    proc = run_cli("fix", "--isolated", "gbk.md", cwd=tmp_path)
    assert proc.returncode == 2
    assert p.read_bytes() == before


def test_unsafe_fix_transcodes_and_applies_the_other_fixes(tmp_path):
    p = _folder(tmp_path)
    proc = run_cli("fix", "--isolated", "--unsafe-fixes", "--show-fixes", "gbk.md", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    text = p.read_bytes().decode("utf-8")
    assert text == TEXT.replace("<p>　　", "<p>")  # paragraph-indent ran on the transcoded text
    again = run_cli("check", "--isolated", "--output-format", "json", "gbk.md", cwd=tmp_path)
    assert again.returncode == 0 and json.loads(again.stdout) == []


def test_unsafe_fix_does_not_transcode_when_the_rule_is_ignored(tmp_path):
    p = _folder(tmp_path)
    before = p.read_bytes()
    proc = run_cli("fix", "--isolated", "--unsafe-fixes", "--ignore", "ENC001", "gbk.md", cwd=tmp_path)
    assert proc.returncode == 2
    assert p.read_bytes() == before
