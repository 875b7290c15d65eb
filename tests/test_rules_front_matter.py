"""Front-matter rules beyond their golden fixtures: a user schema for metadata-schema read by the config
layer, and pack data read from ``include`` files."""

from __future__ import annotations

import json

from conftest import run_cli

POST = "---\ntitle: 世界互联网大会落幕\ndate: 2021-09-29T07:52:07+00:00\nauthor: 7\n---\n<p>正文</p>\n"


def _site(tmp_path, schema: str, name: str = "post-schema.json"):
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / name).write_text(schema, encoding="utf-8")
    (tmp_path / "artlint.toml").write_text(
        f'select = ["metadata-schema"]\n[rules.metadata-schema]\nschema-file = "schemas/{name}"\n',
        encoding="utf-8")
    (tmp_path / "posts").mkdir()
    (tmp_path / "posts" / "a.md").write_text(POST, encoding="utf-8")


def test_user_schema_is_read_relative_to_the_config_and_reported_at_the_key(tmp_path):
    _site(tmp_path, json.dumps({"type": "object", "required": ["title", "layout"],
                                "properties": {"author": {"type": "string"}}}))
    proc = run_cli("check", "--output-format", "json", "posts/a.md", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    got = sorted((v["line"], v["column"], v["message"]) for v in json.loads(proc.stdout))
    assert got == [(1, 1, "front-matter: 'layout' is a required property"),
                   (4, 9, "'author': 7 is not of type 'string'")]


def test_user_schema_in_yaml(tmp_path):
    _site(tmp_path, "type: object\nproperties:\n  author: {type: string}\n", "post-schema.yaml")
    proc = run_cli("check", "--output-format", "json", "posts/a.md", cwd=tmp_path)
    assert [v["message"] for v in json.loads(proc.stdout)] == ["'author': 7 is not of type 'string'"]


def test_invalid_user_schema_is_one_config_error(tmp_path):
    _site(tmp_path, json.dumps({"type": "objekt"}))
    proc = run_cli("check", "posts/a.md", cwd=tmp_path)
    assert proc.returncode == 2
    assert "schema-file" in proc.stderr and "not a valid JSON Schema" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_missing_user_schema_is_one_config_error(tmp_path):
    _site(tmp_path, "{}")
    (tmp_path / "schemas" / "post-schema.json").unlink()
    proc = run_cli("check", "posts/a.md", cwd=tmp_path)
    assert proc.returncode == 2 and "cannot read" in proc.stderr and "Traceback" not in proc.stderr


def test_presets_come_from_the_pack(tmp_path):
    (tmp_path / "artlint.toml").write_text('select = ["FM003"]\n[rules.FM003]\npreset = "hugo"\n')
    (tmp_path / "a.md").write_text("---\ntitle: x\nweight: 1.5\ndraft: 'no'\n---\n<p>x</p>\n", encoding="utf-8")
    proc = run_cli("check", "--output-format", "json", "a.md", cwd=tmp_path)
    assert [v["message"] for v in json.loads(proc.stdout)] == [
        "'weight': 1.5 is not of type 'integer'", "'draft': 'no' is not of type 'boolean'"]
    (tmp_path / "artlint.toml").write_text('select = ["FM003"]\n[rules.FM003]\npreset = "nope"\n')
    proc = run_cli("check", "--output-format", "json", "a.md", cwd=tmp_path)
    assert [v["message"] for v in json.loads(proc.stdout)] == [
        "no metadata schema preset named 'nope' in the rule packs"]


def test_pack_include_that_is_missing_is_a_config_error(tmp_path):
    (tmp_path / "mine.toml").write_text('[pack]\nname = "mine"\n[[metadata-schema]]\nname = "x"\n'
                                        'include = "nowhere.json"\n')
    (tmp_path / "artlint.toml").write_text('packs = ["mine.toml"]\n')
    (tmp_path / "a.md").write_text(POST, encoding="utf-8")
    proc = run_cli("check", "a.md", cwd=tmp_path)
    assert proc.returncode == 2 and "nowhere.json" in proc.stderr and "Traceback" not in proc.stderr
