"""Every one of DOMPurify's 223 fixture payloads, wrapped as an article body and fixed with unsafe fixes,
comes out with nothing a browser would run or follow: read with html5lib (the WHATWG algorithm), and
again after one parse -> serialise -> parse round trip. Both sanitizer backends, default policy."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from artlint import Config, Linter

html5lib = pytest.importorskip("html5lib", reason="html5lib (the WHATWG parser the check reads with) is missing")

VECTORS = json.loads((Path(__file__).parent / "data" / "dompurify_vectors.json").read_text(encoding="utf-8"))["vectors"]
_C0_SPACE = "".join(chr(i) for i in range(0x21))
_EMBEDS = {"script", "iframe", "frame", "frameset", "object", "embed", "applet"}
#: Attributes whose value a browser navigates to, loads or runs (HTML, SVG and MathML, SVG animation).
_URL_ATTRS = {"href", "src", "action", "formaction", "data", "poster", "background", "codebase", "cite",
              "dynsrc", "lowsrc", "values", "to", "from", "by", "xlink:href"}


def executable(html: str) -> list[str]:
    """What a browser would run or follow in ``html``."""
    frag = html5lib.parseFragment(html, treebuilder="etree", namespaceHTMLElements=False)
    found = []
    for el in frag.iter():
        if not isinstance(el.tag, str):
            continue
        tag = el.tag.rsplit("}", 1)[-1].lower()
        if tag in _EMBEDS:
            found.append(f"<{tag}>")
        if tag == "base" and any(k.rsplit("}", 1)[-1].lower() == "href" for k in el.attrib):
            found.append("<base href>")
        if tag == "meta" and any(v.strip().lower() == "refresh" for k, v in el.attrib.items()
                                 if k.rsplit("}", 1)[-1].lower() == "http-equiv"):
            found.append("<meta refresh>")
        for name, value in el.attrib.items():
            local = name.rsplit("}", 1)[-1].lower()
            if local.startswith("on") or local == "srcdoc":
                found.append(f"{tag} {local}")
            # WHATWG URL parsing strips leading and trailing C0 controls and spaces, and every tab/newline.
            v = re.sub("[\t\n\r]", "", value.strip(_C0_SPACE)).lower()
            if (local in _URL_ATTRS or tag in ("animate", "set")) and v.startswith(("javascript:", "vbscript:")):
                found.append(f"{tag} {local}={v[:24]}")
    return found


def _round_trip(html: str) -> str:
    frag = html5lib.parseFragment(html, treebuilder="etree", namespaceHTMLElements=False)
    return html5lib.serialize(frag, tree="etree", quote_attr_values="always", omit_optional_tags=False)


def _linter(backend: str, select=("recommended",)) -> Linter:
    return Linter(Config(values={"select": list(select), "rules": {"sanitizer": {"backend": backend}}}),
                  unsafe_fixes=True)


def _article(payload: str) -> str:
    return "---\ntitle: vector\ndate: 2021-09-29\n---\n" + payload


def _body(text: str) -> str:
    return text.split("---\n", 2)[2]


def test_there_are_223_vectors():
    assert len(VECTORS) == 223


@pytest.mark.parametrize("backend", ["bleach", "nh3"])
def test_no_vector_stays_executable(backend):
    if backend == "nh3":
        pytest.importorskip("nh3", reason="nh3 (the optional sanitizer backend) is not installed")
    linter = _linter(backend)
    bad = {}
    for v in VECTORS:
        result = linter.fix_text(_article(v["payload"]), "vector.md", unsafe=True)
        body = _body(result.text)
        left = executable(body) + [f"after round trip: {x}" for x in executable(_round_trip(body))]
        if left or not result.converged:
            bad[v["id"]] = left or ["not converged"]
        elif linter.fix_text(result.text, "vector.md", unsafe=True).text != result.text:
            bad[v["id"]] = ["a second fix changed it again"]
    assert not bad, f"{len(bad)} of {len(VECTORS)} vectors still executable: {bad}"


def test_check_reports_every_executable_vector():
    linter = Linter(Config(values={"select": ["recommended"]}))
    silent = [v["id"] for v in VECTORS if executable(v["payload"]) and not linter.lint_text(_article(v["payload"]),
                                                                                            "vector.md")]
    assert not silent


def test_only_the_sanitizer_of_record_cleans_some_documents(tmp_path):
    """Documents that the precise SEC rules alone leave executable end up clean after ``fix
    --unsafe-fixes``, and ``check`` reports them first (through the sanitizer rule)."""
    from conftest import run_cli

    precise = _linter("bleach", select=[f"SEC00{i}" for i in range(1, 8)])
    full = _linter("bleach")
    only_sanitizer = []
    for v in VECTORS:
        text = _article(v["payload"])
        if executable(_body(precise.fix_text(text, "vector.md", unsafe=True).text)):
            only_sanitizer.append(v)
            assert not executable(_body(full.fix_text(text, "vector.md", unsafe=True).text)), v["id"]
    assert only_sanitizer, "expected some vectors that only the sanitizer of record can clean"
    # Through the command line, as a user would run it.
    for v in only_sanitizer[:3]:
        f = tmp_path / f"{v['id']}.md"
        f.write_text(_article(v["payload"]), encoding="utf-8")
        check = run_cli("check", "--isolated", f.name, cwd=tmp_path)
        assert check.returncode == 1 and "SEC" in check.stdout, check.stdout + check.stderr
        fixed = run_cli("fix", "--isolated", "--unsafe-fixes", f.name, cwd=tmp_path)
        assert fixed.returncode in (0, 1) and "Traceback" not in fixed.stderr, fixed.stderr
        assert not executable(_body(f.read_text(encoding="utf-8"))), v["id"]
        assert not executable(_round_trip(_body(f.read_text(encoding="utf-8"))))
