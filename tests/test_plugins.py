"""Third-party plugins for real: a distribution pip-installed into a folder on the path of the CLI runs
that use it, found through the ``artlint`` entry-point group; a plugin that fails on import is a warning,
and any plugin can be blocked.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import article, run_cli

EXAMPLE = Path(__file__).resolve().parent / "example_plugin"
LOREM = article("<p>Lorem ipsum dolor sit amet.</p>")


@pytest.fixture(scope="session")
def example_plugin(tmp_path_factory) -> dict:
    """``tests/example_plugin`` pip-installed (with its dist-info, as a user would install it) into a folder
    that only the CLI runs of these tests see: installing into the running interpreter would change the
    plugin set, and so the cache keys, under the feet of tests running in parallel."""
    target = tmp_path_factory.mktemp("example-plugin")
    proc = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target",
                           str(target), str(EXAMPLE)], capture_output=True, text=True)
    if proc.returncode != 0:
        pytest.fail(f"pip could not install the example plugin:\n{proc.stdout}\n{proc.stderr}")
    return {"PYTHONPATH": str(target)}


def _broken_plugin(folder: Path) -> dict:
    """A distribution on PYTHONPATH whose ``artlint`` entry point raises on import."""
    info = folder / "artlint_broken-0.1.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: artlint-broken\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text("[artlint]\nbroken = artlint_broken\n")
    (folder / "artlint_broken.py").write_text('raise RuntimeError("this plugin is broken on purpose")\n')
    return {"PYTHONPATH": str(folder)}


def test_example_plugin_rule_is_listed(example_plugin):
    proc = run_cli("rules", env=example_plugin)
    assert proc.returncode == 0, proc.stderr
    line = next(x for x in proc.stdout.splitlines() if x.startswith("X001"))
    assert "no-lorem-ipsum" in line and "*" not in line.split()[1]  # listed, not selected by default
    doc = run_cli("rule", "no-lorem-ipsum", env=example_plugin)
    assert doc.returncode == 0 and "## What it does" in doc.stdout


def test_example_plugin_rule_fires(example_plugin, tmp_path):
    (tmp_path / "a.md").write_text(LOREM, encoding="utf-8")
    proc = run_cli("check", "--select", "X001", "--output-format", "json", "a.md", cwd=tmp_path,
                   env=example_plugin)
    assert proc.returncode == 1, proc.stderr
    (finding,) = json.loads(proc.stdout)
    assert (finding["code"], finding["name"], finding["line"], finding["column"]) == \
        ("X001", "no-lorem-ipsum", 5, 4)
    # Selected by its name or group too, like a built-in rule.
    assert run_cli("check", "--select", "example", "a.md", cwd=tmp_path, env=example_plugin).returncode == 1


def test_blocked_plugin_is_not_loaded(example_plugin, tmp_path):
    (tmp_path / "a.md").write_text(LOREM, encoding="utf-8")
    (tmp_path / "artlint.toml").write_text('block-plugins = ["example"]\nselect = ["ALL"]\n')
    proc = run_cli("check", "--output-format", "json", "a.md", cwd=tmp_path, env=example_plugin)
    assert "X001" not in {d["code"] for d in json.loads(proc.stdout)}
    assert "X001" not in run_cli("rules", cwd=tmp_path, env=example_plugin).stdout
    # Naming the blocked plugin's rule is then an unknown rule: a config error, not a silent pass.
    (tmp_path / "artlint.toml").write_text('block-plugins = ["example"]\nselect = ["X001"]\n')
    assert run_cli("check", "a.md", cwd=tmp_path, env=example_plugin).returncode == 2


def test_plugin_failing_on_import_is_a_warning_and_skipped(tmp_path):
    env = _broken_plugin(tmp_path / "site")
    (tmp_path / "a.md").write_text(article('<p style="x">y</p>'), encoding="utf-8")
    proc = run_cli("check", "a.md", cwd=tmp_path, env=env)
    assert proc.returncode == 1  # the built-in rules still ran
    assert "HT001" in proc.stdout
    warnings = [x for x in proc.stderr.splitlines() if x.startswith("artlint: warning:")]
    assert warnings == ["artlint: warning: plugin broken failed to load: RuntimeError: "
                        "this plugin is broken on purpose"]
    assert "Traceback" not in proc.stderr
    assert run_cli("rules", cwd=tmp_path, env=env).returncode == 0


def test_a_broken_plugin_can_be_blocked(tmp_path):
    env = _broken_plugin(tmp_path / "site")
    (tmp_path / "a.md").write_text(article("<p>y</p>"), encoding="utf-8")
    (tmp_path / "artlint.toml").write_text('block-plugins = ["broken"]\n')
    proc = run_cli("check", "a.md", cwd=tmp_path, env=env)
    assert proc.returncode == 0 and "warning" not in proc.stderr
