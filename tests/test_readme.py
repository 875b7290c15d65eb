"""The README stays true: two Quickstart commands (CI runs the second verbatim), every config key and
runtime dependency documented, the rule table generated from the rules' docstrings and fresh."""

from __future__ import annotations

import re
import subprocess
import sys
from artlint._compat import tomllib

from artlint.config import KEYS

from conftest import REPO, run_cli

README = (REPO / "README.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    m = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", README, re.S | re.M)
    assert m, f"README has no '## {title}' section"
    return m.group(1)


def _quickstart_commands() -> list[str]:
    blocks = re.findall(r"```(?:sh|bash|console)\n(.*?)```", _section("Quickstart"), re.S)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip()]


def test_quickstart_has_exactly_two_commands():
    commands = _quickstart_commands()
    assert len(commands) == 2, commands
    install_and_run, install_and_test = commands
    assert "pip install" in install_and_run and "artlint check examples" in install_and_run
    assert "'.[test]'" in install_and_test and "pytest" in install_and_test


def test_ci_runs_the_readme_test_command_verbatim_after_apt_get_update():
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    lines = [x.strip() for x in script.splitlines() if x.strip() and not x.lstrip().startswith("#")]
    test_command = _quickstart_commands()[1]
    assert lines[-1] == test_command, "the last command of .ci/run must be the README's test command"
    assert "set -euo pipefail" in lines
    assert lines.index("apt-get update") < len(lines) - 1


def test_the_sample_articles_are_checked_with_findings():
    proc = run_cli("check", "examples", cwd=REPO)
    assert proc.returncode == 1, proc.stderr
    assert "error:" not in proc.stderr and "Traceback" not in proc.stderr
    samples = sorted(p.name for p in (REPO / "examples").glob("*.md"))
    assert len(samples) >= 3
    assert {line.split(":")[0] for line in proc.stdout.splitlines()} == {f"examples/{s}" for s in samples}


def test_every_config_key_is_documented():
    config = _section("Configuration")
    missing = [k for k in KEYS if f"| `{k}` |" not in config]
    assert not missing, f"document these keys in the README's Configuration table: {missing}"


def test_every_runtime_dependency_has_a_reason():
    deps = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    names = [re.match(r"[A-Za-z0-9_.\-]+", d).group() for d in deps]
    section = _section("Dependencies")
    missing = [n for n in names if not re.search(rf"^- `{re.escape(n)}`", section, re.M | re.I)]
    assert not missing, f"add a line to README's Dependencies section for: {missing}"


def test_rule_table_is_fresh():
    proc = subprocess.run([sys.executable, "-m", "artlint.docs", "--check", str(REPO / "README.md")],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr + "\nrun: python -m artlint.docs README.md"


def test_docs_check_notices_a_stale_table(tmp_path):
    stale = tmp_path / "README.md"
    stale.write_text("# x\n<!-- rules:start -->\n| old |\n<!-- rules:end -->\ntail\n", encoding="utf-8")
    check = subprocess.run([sys.executable, "-m", "artlint.docs", "--check", str(stale)], capture_output=True)
    assert check.returncode == 1 and "| old |" in stale.read_text(encoding="utf-8")
    subprocess.run([sys.executable, "-m", "artlint.docs", str(stale)], check=True, capture_output=True)
    text = stale.read_text(encoding="utf-8")
    assert "| HT001 | `inline-style` |" in text and text.endswith("<!-- rules:end -->\ntail\n")
    again = subprocess.run([sys.executable, "-m", "artlint.docs", "--check", str(stale)], capture_output=True)
    assert again.returncode == 0
