"""Hostile and malformed input through the real command line.

Every bad file must give exactly one stderr line naming it and the problem, exit status 2, no traceback,
and leave the file byte-for-byte and mtime-for-mtime as it was, while the good file beside it is still
fixed. Inputs that are strange but valid (very deep, very long) must be processed without a crash.
"""

from __future__ import annotations

import ctypes
import os
import stat
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest

from conftest import article

GOOD = article('<p style="color: red">kept text</p>\n')
GOOD_FIXED = article("<p>kept text</p>\n")
META = "---\ntitle: T\ndate: 2021-09-29T07:52:07+00:00\n"


def _run(*args: str, cwd: Path, preexec_fn=None, timeout: float = 300) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory(prefix="artlint-cache-") as cache:
        env = {**os.environ, "PYTHONIOENCODING": "utf-8", "ARTLINT_CACHE_DIR": cache}
        env.pop("GITHUB_ACTIONS", None)
        # The timeout only keeps a hang from stalling the suite; it asserts nothing about speed.
        p = subprocess.run([sys.executable, "-m", "artlint", *args], cwd=cwd, capture_output=True, env=env,
                           preexec_fn=preexec_fn, timeout=timeout)
    p.stdout = p.stdout.decode("utf-8", "replace")
    p.stderr = p.stderr.decode("utf-8", "replace")
    return p


def _snapshot(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


def _alias_bomb() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    prev = "a"
    for name in "bcdefghi":
        refs = ",".join(f"*{prev}" for _ in range(9))
        lines.append(f"{name}: &{name} [{refs}]")
        prev = name
    return "---\n" + "\n".join(lines) + "\ntitle: lol\n---\n<p>x</p>\n"


_PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15"
        b"\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")

#: name -> (file bytes, words the one error line must contain)
BAD: dict[str, tuple[bytes, tuple[str, ...]]] = {
    "empty": (b"", ("empty file",)),
    "png": (_PNG, ("binary",)),
    "nul-bytes": ((META + "---\n<p>a\x00b</p>\n").encode(), ("binary", "NUL")),
    "invalid-utf8": ((META + "---\n<p>caf").encode() + b"\xe9 \xff</p>\n", ("not valid UTF-8",)),
    "utf16-le-bom": (b"\xff\xfe" + (META + "---\n<p>x</p>\n").encode("utf-16-le"), ("UTF-16",)),
    "utf16-be-bom": (b"\xfe\xff" + (META + "---\n<p>x</p>\n").encode("utf-16-be"), ("UTF-16",)),
    "gbk-undeclared": ((META + "---\n<p>新浪财经讯 中国经济数据显示增长</p>\n").encode("gbk"),
                       ("not valid UTF-8", "GB18030", "--unsafe-fixes")),
    "yaml-never-closed": ((META + "<p>x</p>\n").encode(), ("never closed",)),
    "toml-never-closed": (b'+++\ntitle = "T"\n<p>x</p>\n', ("TOML", "never closed")),
    "yaml-syntax": ((META + "tags: [a, b\n---\n<p>x</p>\n").encode(), ("YAML front-matter error", "line")),
    "yaml-list": (b"---\n- a\n- b\n---\n<p>x</p>\n", ("list", "not a mapping")),
    "yaml-scalar": (b"---\njust some words\n---\n<p>x</p>\n", ("str", "not a mapping")),
    "yaml-alias-bomb": (_alias_bomb().encode(), ("alias",)),
    "yaml-recursive-alias": (META.encode() + b"loop: &l [*l]\n---\n<p>x</p>\n", ("alias", "itself")),
    "yaml-duplicate-key": ((META + "title: Other\n---\n<p>x</p>\n").encode(), ("duplicate", "'title'")),
    "yaml-duplicate-nested-key": ((META + "extra:\n  a: 1\n  a: 2\n---\n<p>x</p>\n").encode(),
                                  ("duplicate", "'a'")),
    "yaml-nested-too-deep": ((META + "deep: " + "[" * 20000 + "]" * 20000 + "\n---\n<p>x</p>\n").encode(),
                             ("YAML", "nesting")),
    "control-in-yaml": ((META + "summary: a\x08b\n---\n<p>x</p>\n").encode(),
                        ("YAML front-matter error", "control characters")),
    "toml-syntax": (b'+++\ntitle = \ndate = 2021-09-29\n+++\n<p>x</p>\n', ("TOML front-matter error",)),
    "toml-duplicate-key": (b'+++\ntitle = "a"\ntitle = "b"\n+++\n<p>x</p>\n', ("TOML front-matter error",)),
    "json-syntax": (b'{\n"title": "T",\n}\n<p>x</p>\n', ("JSON front-matter error", "line")),
    "json-duplicate-key": (b'{\n"title": "a",\n"title": "b"\n}\n<p>x</p>\n', ("duplicate", "'title'")),
    "json-nested-too-deep": (b'{\n"title": ' + b"[" * 100000 + b"]" * 100000 + b'\n}\n<p>x</p>\n',
                             ("JSON", "nested too deeply")),
}


@pytest.mark.parametrize("kind", sorted(BAD))
def test_bad_file_is_reported_once_and_left_alone(kind, tmp_path):
    data, words = BAD[kind]
    bad = tmp_path / f"{kind}.md"
    bad.write_bytes(data)
    good = tmp_path / "good.md"
    good.write_text(GOOD, encoding="utf-8", newline="")
    before = _snapshot(bad)
    p = _run("fix", "--isolated", ".", cwd=tmp_path)
    _assert_one_error(p, bad.name, words)
    assert _snapshot(bad) == before
    assert good.read_text(encoding="utf-8") == GOOD_FIXED, "the good file beside it must still be fixed"


def test_check_reports_every_bad_file_once(tmp_path):
    for kind, (data, _) in BAD.items():
        (tmp_path / f"{kind}.md").write_bytes(data)
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    before = {f.name: _snapshot(f) for f in tmp_path.iterdir()}
    p = _run("check", "--isolated", "--output-format", "json", ".", cwd=tmp_path)
    assert p.returncode == 2 and "Traceback" not in p.stderr
    for kind, (_, words) in BAD.items():
        lines = [ln for ln in p.stderr.splitlines() if f"{kind}.md: " in ln]
        assert len(lines) == 1 and all(w in lines[0] for w in words), (kind, lines)
    assert "good.md" in p.stdout  # its finding is still reported
    assert {f.name: _snapshot(f) for f in tmp_path.iterdir() if f.name in before} == before


def _assert_one_error(p: subprocess.CompletedProcess, name: str, words: tuple[str, ...]) -> None:
    assert p.returncode == 2, p.stderr
    assert "Traceback" not in p.stderr + p.stdout
    lines = [ln for ln in p.stderr.splitlines() if name in ln]
    assert len(lines) == 1, p.stderr
    assert lines[0].startswith("artlint: error: ") and f"{name}: " in lines[0]
    for w in words:
        assert w in lines[0], (w, lines[0])
    # No escape sequence from the file reaches the terminal.
    assert "\x1b" not in p.stderr + p.stdout


def test_control_characters_are_a_finding_never_echoed(tmp_path):
    """Control characters are not an input error: ENC002 reports them and its safe fix removes them.
    An escape sequence in the file must not reach the terminal through a report."""
    f = tmp_path / "ctl.md"
    f.write_bytes((META + "---\n<p>a\x1b[2J\x1b]0;pwned\x07b\x08</p>\n").encode())
    for fmt in ("text", "json"):
        p = _run("check", "--isolated", "--output-format", fmt, "ctl.md", cwd=tmp_path)
        assert p.returncode == 1 and "ENC002" in p.stdout and "Traceback" not in p.stderr, p.stderr
        assert not any(c in p.stdout + p.stderr for c in "\x1b\x07\x08")
    p = _run("fix", "--isolated", "ctl.md", cwd=tmp_path)
    assert p.returncode in (0, 1), p.stderr
    assert f.read_bytes() == (META + "---\n<p>a[2J]0;pwnedb</p>\n").encode()


def test_gbk_file_is_transcoded_by_the_unsafe_fix(tmp_path):
    text = META + "---\n<p>新浪财经讯 中国经济数据显示增长</p>\n"
    f = tmp_path / "gbk.md"
    f.write_bytes(text.encode("gbk"))
    p = _run("fix", "--isolated", "--unsafe-fixes", "gbk.md", cwd=tmp_path)
    assert p.returncode in (0, 1) and "Traceback" not in p.stderr, p.stderr
    assert f.read_bytes().decode("utf-8") == text


def test_alias_bomb_is_rejected_in_bounded_memory(tmp_path):
    """9^9 "lol"s shared through aliases: refused before anything walks the data, under a 1 GB cap."""
    import resource

    (tmp_path / "bomb.md").write_text(_alias_bomb(), encoding="utf-8")

    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    for fmt in ("text", "json"):
        p = _run("check", "--isolated", "--output-format", fmt, "bomb.md", cwd=tmp_path, preexec_fn=cap)
        _assert_one_error(p, "bomb.md", ("alias bomb",))


def test_file_over_the_size_limit_is_refused_unread(tmp_path):
    big = tmp_path / "big.md"
    with open(big, "wb") as fh:
        fh.write(META.encode() + b"---\n")
        fh.write((b"<p>" + b"x" * 1020 + b"</p>\n") * (50 * 1024))  # 50 MB
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    before = _snapshot(big)
    import resource

    def cap():  # reading the 50 MB file (or parsing it) would not fit
        resource.setrlimit(resource.RLIMIT_AS, (700 << 20, 700 << 20))

    p = _run("fix", "--isolated", ".", cwd=tmp_path, preexec_fn=cap)
    _assert_one_error(p, "big.md", ("50.2 MB", "10 MB limit", "max-file-size"))
    assert _snapshot(big) == before
    assert (tmp_path / "good.md").read_text(encoding="utf-8") == GOOD_FIXED
    small = _run("check", "--isolated", "--max-file-size", "20", "good.md", cwd=tmp_path)
    _assert_one_error(small, "good.md", ("20 bytes limit",))
    (tmp_path / "artlint.toml").write_text('max-file-size = "1KB"\n')
    (tmp_path / "long.md").write_text(GOOD + "<p>" + "x" * 2000 + "</p>\n", encoding="utf-8")
    configured = _run("check", "long.md", cwd=tmp_path)
    _assert_one_error(configured, "long.md", ("1 KB limit",))
    (tmp_path / "artlint.toml").write_text('max-file-size = "lots"\n')
    typo = _run("check", "good.md", cwd=tmp_path)
    assert typo.returncode == 2 and "max-file-size" in typo.stderr and "Traceback" not in typo.stderr


def test_size_limit_applies_to_stdin(tmp_path):
    with tempfile.TemporaryDirectory(prefix="artlint-cache-") as cache:
        p = subprocess.run([sys.executable, "-m", "artlint", "check", "--isolated", "--max-file-size", "1KB",
                            "--stdin-filename", "in.md", "-"], input=(GOOD + "<p>" + "x" * 5000 + "</p>").encode(),
                           capture_output=True, cwd=tmp_path, env={**os.environ, "ARTLINT_CACHE_DIR": cache})
    err = p.stderr.decode()
    assert p.returncode == 2 and "in.md: file is over the 1 KB limit" in err and "Traceback" not in err


def test_symlink_loop_in_a_folder(tmp_path):
    tree = tmp_path / "tree"
    (tree / "sub").mkdir(parents=True)
    (tree / "sub" / "good.md").write_text(GOOD, encoding="utf-8")
    (tree / "sub" / "up").symlink_to("..", target_is_directory=True)
    (tree / "self.md").symlink_to("self.md")  # a link to itself: ELOOP when opened
    p = _run("fix", "--isolated", "tree", cwd=tmp_path)
    assert p.returncode == 2 and "Traceback" not in p.stderr
    lines = p.stderr.splitlines()
    assert [ln for ln in lines if "up" in ln] == [f"artlint: error: {Path('tree/sub/up')}: symlink loop; skipped"]
    assert [ln for ln in lines if "self.md" in ln] == [f"artlint: error: {Path('tree/self.md')}: symlink loop; skipped"]
    assert "All checks passed" not in p.stderr
    assert (tree / "sub" / "good.md").read_text(encoding="utf-8") == GOOD_FIXED


def test_file_that_vanishes_between_listing_and_reading(tmp_path):
    """The first file is a FIFO: artlint blocks reading it, the test deletes a listed file, then lets go."""
    fifo = tmp_path / "a-fifo.md"
    os.mkfifo(fifo)
    folder = tmp_path / "tree"
    folder.mkdir()
    doomed = folder / "doomed.md"
    doomed.write_text(GOOD, encoding="utf-8")
    (folder / "good.md").write_text(GOOD, encoding="utf-8")

    def feed():
        with open(fifo, "w", encoding="utf-8") as fh:  # returns once artlint has opened the FIFO
            doomed.unlink()
            fh.write(GOOD_FIXED)

    t = threading.Thread(target=feed, daemon=True)
    t.start()
    p = _run("fix", "--isolated", "a-fifo.md", "tree", cwd=tmp_path, timeout=120)
    t.join(10)
    _assert_one_error(p, "doomed.md", ("no such file",))
    assert (folder / "good.md").read_text(encoding="utf-8") == GOOD_FIXED
    assert not doomed.exists()


def test_fifo_inside_a_folder_is_not_opened(tmp_path):
    """A walk must never block on a FIFO (or device) that happens to be named like an article."""
    os.mkfifo(tmp_path / "pipe.md")
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    p = _run("fix", "--isolated", ".", cwd=tmp_path, timeout=120)
    assert p.returncode == 0, p.stderr
    assert (tmp_path / "good.md").read_text(encoding="utf-8") == GOOD_FIXED


def test_read_only_file_under_fix(tmp_path):
    ro = tmp_path / "ro.md"
    ro.write_text(GOOD, encoding="utf-8")
    ro.chmod(0o444)
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    before = _snapshot(ro)
    p = _run("fix", "--isolated", ".", cwd=tmp_path, preexec_fn=_unprivileged())
    _assert_one_error(p, "ro.md", ("read-only",))
    assert _snapshot(ro) == before and stat.S_IMODE(ro.stat().st_mode) == 0o444
    assert (tmp_path / "good.md").read_text(encoding="utf-8") == GOOD_FIXED
    assert not [f for f in os.listdir(tmp_path) if f.endswith(".artlint-tmp")]


def test_symlinked_file_is_fixed_through_the_link(tmp_path):
    real = tmp_path / "real.md"
    real.write_text(GOOD, encoding="utf-8")
    (tmp_path / "tree").mkdir()
    (tmp_path / "tree" / "link.md").symlink_to(real)
    p = _run("fix", "--isolated", "tree", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    assert (tmp_path / "tree" / "link.md").is_symlink()
    assert real.read_text(encoding="utf-8") == GOOD_FIXED


def _drop_dac_capabilities() -> None:
    """In the child, as root: give up CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH, so permission bits hold."""
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, cap, 0, 0, 0) != 0:  # PR_CAPBSET_DROP: gone from the exec'd process
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def _can_drop_capabilities() -> bool:
    try:
        r = subprocess.run([sys.executable, "-c", "pass"], preexec_fn=_drop_dac_capabilities)
    except (OSError, subprocess.SubprocessError):
        return False
    return r.returncode == 0


def _locked_tree(tmp_path: Path) -> tuple[Path, Path]:
    tree = tmp_path / "tree"
    locked = tree / "locked"
    locked.mkdir(parents=True)
    (locked / "inside.md").write_text(GOOD, encoding="utf-8")
    (tree / "good.md").write_text(GOOD, encoding="utf-8")
    locked.chmod(0)
    return tree, locked


def _unprivileged():
    """A preexec_fn under which permission bits hold. Root ignores them, so as root the child runs without
    the two capabilities that let it (a plain user needs nothing special)."""
    if os.geteuid() != 0:
        return None
    if not _can_drop_capabilities():
        pytest.skip("running as root without CAP_SETPCAP: prctl cannot drop CAP_DAC_OVERRIDE, so "
                    "permission bits cannot be enforced here")
    return _drop_dac_capabilities


def test_folder_without_permission(tmp_path):
    """Reported, and the rest still fixed."""
    preexec = _unprivileged()
    tree, locked = _locked_tree(tmp_path)
    try:
        p = _run("fix", "--isolated", "tree", cwd=tmp_path, preexec_fn=preexec)
    finally:
        locked.chmod(0o755)
    _assert_one_error(p, "locked", ("permission denied",))
    assert (tree / "good.md").read_text(encoding="utf-8") == GOOD_FIXED
    assert (locked / "inside.md").read_text(encoding="utf-8") == GOOD


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root: shows what root really does with a mode-000 folder "
                    "and a read-only file")
def test_root_reads_and_writes_regardless_of_permission_bits(tmp_path):
    """Root with its usual capabilities reads a mode-000 folder: the realistic outcome is a normal run."""
    tree, locked = _locked_tree(tmp_path)
    try:
        p = _run("fix", "--isolated", "tree", cwd=tmp_path)
    finally:
        locked.chmod(0o755)
    assert p.returncode == 0, p.stderr
    assert (locked / "inside.md").read_text(encoding="utf-8") == GOOD_FIXED
    # Likewise a read-only file: root may write it (as sed -i or any editor would), and the mode is kept.
    ro = tmp_path / "ro.md"
    ro.write_text(GOOD, encoding="utf-8")
    ro.chmod(0o444)
    p = _run("fix", "--isolated", "ro.md", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    assert ro.read_text(encoding="utf-8") == GOOD_FIXED and stat.S_IMODE(ro.stat().st_mode) == 0o444


def test_missing_path_on_the_command_line(tmp_path):
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    p = _run("fix", "--isolated", "nope.md", "good.md", cwd=tmp_path)
    _assert_one_error(p, "nope.md", ("no such file",))
    assert (tmp_path / "good.md").read_text(encoding="utf-8") == GOOD_FIXED


# -- strange but valid: processed, never a crash ------------------------------------------------------

HOSTILE_VALID = {
    "nested-100000-deep": META + "---\n" + "<div>" * 100_000 + '<p style="x">deep</p>' + "</div>" * 100_000 + "\n",
    "unclosed-10000-deep": META + "---\n" + "<span><font>" * 5_000 + "text\n",
    "one-1mb-line": META + "---\n<p>" + "长" * 1_000_000 + "</p>\n",
    # html5lib (the sanitizer of record) is quadratic in the length of one tag, so these stay at 100 KB
    # here; the tokenizer's own linearity is tested at 1 MB below.
    "unterminated-quotes": META + "---\n<p>" + '<a href="x' * 10_000 + "</p>\n",
    "unterminated-tags": META + "---\n<p>" + "<a b" * 25_000 + "\n",
    "deep-stack-many-implied-closes": META + "---\n" + "<li><ul>" + "<span>" * 20_000 + "<li></li>" * 20_000 + "\n",
    "many-comments": META + "---\n" + "<!-- c -->" * 100_000 + "\n",
    "unclosed-comment-and-script": META + "---\n<p>x</p><script>" + "</script x" * 50_000 + "<!--" * 1000 + "\n",
}


@pytest.mark.parametrize("kind", sorted(HOSTILE_VALID))
def test_hostile_but_valid_input_is_processed(kind, tmp_path):
    f = tmp_path / f"{kind}.md"
    f.write_text(HOSTILE_VALID[kind], encoding="utf-8")
    for args in (("check", "--select", "ALL", "--output-format", "json"), ("fix",)):
        p = _run(*args, "--isolated", f.name, cwd=tmp_path)
        assert p.returncode in (0, 1), p.stderr[-2000:]
        assert "Traceback" not in p.stderr and "internal error" not in p.stderr and "nested too deeply" not in p.stderr
        assert "ART002" not in p.stdout + p.stderr, "a rule crashed"


HOSTILE_1MB = {
    "unterminated-quotes": ('<a href="x', 100_000),
    "unterminated-tags": ("<a b", 250_000),
    "end-tags-without-gt": ("</a", 330_000),
    "bogus-without-gt": ("<!x", 330_000),
    "raw-text-end-without-gt": ("<script></script x", 50_000),
    "quote-after-equals": ("<a =\"", 250_000),
}


@pytest.mark.parametrize("kind", sorted(HOSTILE_1MB))
def test_tokenizer_handles_a_hostile_1mb_line(kind):
    """Each of these made the tokenizer rescan to the end at every "<" (minutes for 1 MB); now a tag
    that cannot end makes the rest of the line text, as a browser drops it."""
    from artlint.html import SourceTree

    piece, n = HOSTILE_1MB[kind]
    text = "<p>ok</p>" + piece * n
    tree = SourceTree(text)
    assert tree.elements[0].tag == "p" and tree.elements[0].end == 9
    assert tree.texts[-1].end == len(text)


def test_deep_stack_lookups_match_a_stack_walk():
    """Implied end tags found through the per-tag index close the same elements a walk down the stack would."""
    from artlint.html import SourceTree

    html = "<ul><li>a<li>b<div><p>x<li>c</ul><table><tr><td>1<td>2<tr><td>3</table><p>a<div>b</div><p>c<span><p>d"
    tree = SourceTree(html)
    spans = [(el.tag, html[el.start:el.end]) for el in tree.elements]
    assert spans == [
        ("ul", "<ul><li>a<li>b<div><p>x<li>c</ul>"), ("li", "<li>a"), ("li", "<li>b<div><p>x"),
        ("div", "<div><p>x"), ("p", "<p>x"), ("li", "<li>c"), ("table", "<table><tr><td>1<td>2<tr><td>3</table>"),
        ("tr", "<tr><td>1<td>2<tr><td>3"), ("td", "<td>1"), ("td", "<td>2"), ("tr", "<tr><td>3"), ("td", "<td>3"),
        ("p", "<p>a"), ("div", "<div>b</div>"), ("p", "<p>c<span>"), ("span", "<span>"), ("p", "<p>d"),
    ]
