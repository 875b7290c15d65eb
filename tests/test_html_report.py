"""The HTML report, opened in a real headless Chromium: counts match JSON, files expand, nothing leaks."""

from __future__ import annotations

import json
import shutil
from collections import Counter

import pytest

from ci_helpers import REPO, artlint, need_corpus

ARTIFACTS = REPO / "test-artifacts"
HOSTILE = """---
title: "<script>window.__pwned = 'title'</script>"
date: 2021-09-29T07:52:07+00:00
---

<div>
<p style="color:red"><img src="x" alt="" onerror="window.__pwned = 'body'">&lt;b&gt; &amp;nbsp;</p>
<!-- </table></details><script>window.__pwned = 'comment'</script> -->
</div>
"""


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (test extra) is not installed")
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        pytest.skip("Debian's chromium is not installed (.ci/run installs it with apt-get)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, headless=True,
                              args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                                    "--disable-component-update", "--no-first-run"])
        yield b
        b.close()


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    articles = sorted(need_corpus().glob("*.md"))
    root = tmp_path_factory.mktemp("report")
    # Two folders, so the by-folder summary has something to say.
    for i, f in enumerate(articles[:60]):
        folder = root / "site" / ("finance" if "sina" in f.name or i % 2 else "tech")
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(f, folder / f.name)
    (root / "site" / "tech" / "<img src=x onerror=alert(1)>.md").write_text(HOSTILE, encoding="utf-8")
    p = artlint("check", "site", "--no-cache", "--output-format", "json:out.json,html:report.html", cwd=root)
    assert p.returncode == 1, p.stderr
    return root


def test_report_in_chromium(browser, report):
    findings = json.loads((report / "out.json").read_text(encoding="utf-8"))
    page = browser.new_page(viewport={"width": 1280, "height": 1500})
    requests, dialogs, errors = [], [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((report / "report.html").as_uri())

    # Summary counts are the JSON output's.
    assert int(page.inner_text("#total-findings")) == len(findings)
    assert int(page.inner_text("#files-with-findings")) == len({f["path"] for f in findings})
    shown = {tr.get_attribute("data-rule"): int(tr.query_selector("td.count").inner_text())
             for tr in page.query_selector_all("#by-rule tr[data-rule]")}
    assert shown == dict(Counter(f["code"] for f in findings))
    folders = {tr.get_attribute("data-folder"): int(tr.query_selector_all("td.count")[1].inner_text())
               for tr in page.query_selector_all("#by-folder tr[data-folder]")}
    assert folders == dict(Counter(f["path"].rsplit("/", 1)[0] for f in findings))

    # Expanding a file shows each of its findings with the source in context.
    first = page.locator("details.file").first
    path = first.get_attribute("data-path")
    assert first.locator(".finding").first.is_hidden()
    first.locator("summary").click()
    assert first.get_attribute("open") is not None
    expected = [f for f in findings if f["path"] == path]
    assert first.locator(".finding").count() == len(expected)
    assert first.locator(".finding").first.is_visible()
    assert first.locator(".finding table.code mark").count() >= 1
    if any(f["fix"] for f in expected):
        assert first.locator(".fix .diff .minus").count() >= 1

    # Rule names link to their documentation in the same page.
    code = expected[0]["code"]
    first.locator(".finding a.code").first.click()
    assert page.evaluate("location.hash") == f"#rule-{code}"
    assert page.locator(f"#rule-{code} h4", has_text="Why is this bad?").count() == 1

    # The filter narrows the files to one rule.
    page.fill("#filter", "HT002")
    visible = page.locator("details.file:not(.hidden)").count()
    assert visible == len({f["path"] for f in findings if f["code"] == "HT002"})

    # Hostile article text and file names stay text.
    page.fill("#filter", "")
    hostile = page.locator("details.file", has_text="onerror=alert(1)")
    hostile.locator("summary").click()
    assert "window.__pwned = 'body'" in hostile.inner_text()
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("main img").count() == 0 and not dialogs and not errors

    # Self-contained: nothing was fetched but the page itself.
    assert requests and all(u.startswith(("file:", "data:")) for u in requests), requests

    page.fill("#filter", "")
    page.evaluate("window.scrollTo(0, 0)")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report.png"))
    page.close()


def test_clean_run_report(tmp_path):
    (tmp_path / "ok.md").write_text("---\ntitle: Fine\ndate: 2021-01-01\n---\n\n<p>Fine.</p>\n", encoding="utf-8")
    p = artlint("check", "ok.md", "--no-cache", "-o", "r.html", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    text = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert 'id="total-findings">0<' in text and "All checks passed" in text
