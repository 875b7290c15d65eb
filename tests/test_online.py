"""Online URL checking against a real HTTP server on 127.0.0.1 started here; nothing else is touched."""

from __future__ import annotations

import asyncio
import email.utils
import json
import os
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from artlint.online import BROKEN, HOTLINK, OK, UNCHECKED, Checker, Settings
from online_examples import docs_verdicts

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
       b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")
LOOPBACK = ("127.0.0.1", "localhost")


# -- the server ---------------------------------------------------------------------------------------

class Server:
    """Counts hits per path and the most requests it ever served at once."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.hits: dict[str, int] = {}
        self.log: list[tuple[str, str, dict]] = []
        self.active = 0
        self.max_active = 0
        self.stop = threading.Event()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.httpd.daemon_threads = True
        self.httpd.block_on_close = False
        self.port = self.httpd.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.origin = self.base + "/"

    @property
    def total(self) -> int:
        return sum(self.hits.values())

    def reset(self) -> None:
        with self.lock:
            self.hits.clear()
            self.log.clear()
            self.max_active = 0


def _handler(server: Server):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # keep the test output clean
            pass

        def do_HEAD(self):
            self._serve(body=False)

        def do_GET(self):
            self._serve(body=True)

        def _serve(self, body: bool) -> None:
            path = self.path.split("?", 1)[0]
            with server.lock:
                n = server.hits[path] = server.hits.get(path, 0) + 1
                server.log.append((self.command, path, dict(self.headers)))
                server.active += 1
                server.max_active = max(server.max_active, server.active)
            self._counted = True
            try:
                self._route(path, n, body)
            finally:
                self._done()

        def _done(self):
            # A request stops counting as active before its response goes out: the client may start its
            # next request the moment it has read this one, before this thread gets to run again.
            if getattr(self, "_counted", False):
                self._counted = False
                with server.lock:
                    server.active -= 1

        def _send(self, status, ctype="image/png", data=PNG, headers=(), body=True):
            self._done()
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            for k, v in headers:
                self.send_header(k, v)
            self.end_headers()
            if body:
                self.wfile.write(data)

        def _route(self, path, n, body):
            referer = self.headers.get("Referer")
            if path in ("/good.png", "/new.png") or path.startswith("/many/"):
                if path.startswith("/many/"):
                    server.stop.wait(0.05)
                return self._send(200, body=body)
            if path == "/missing.png":
                return self._send(404, "text/html", b"<h1>gone</h1>", body=body)
            if path == "/flaky.png":
                return self._send(500 if n == 1 else 200, body=body)
            if path == "/limited.png":
                return self._send(429, headers=[("Retry-After", "3")], body=body) if n == 1 else \
                    self._send(200, body=body)
            if path == "/busy.png":
                when = email.utils.formatdate(time.time() + 120, usegmt=True)
                return self._send(503, headers=[("Retry-After", when)], body=body) if n == 1 else \
                    self._send(200, body=body)
            if path == "/down.png":
                return self._send(503, body=body)
            if path == "/slow.png":
                server.stop.wait(3)
                return self._send(200, body=body)
            if path == "/old.png":
                return self._send(301, headers=[("Location", "/older.png")], body=body)
            if path == "/older.png":
                return self._send(308, headers=[("Location", "/new.png")], body=body)
            if path == "/temp.png":
                return self._send(302, headers=[("Location", "/good.png")], body=body)
            if path == "/page.png":
                return self._send(200, "text/html; charset=utf-8", b"<html>login</html>", body=body)
            if path == "/guarded.png":
                return self._send(200 if referer == server.origin else 403, body=body)
            if path == "/no-foreign.png":
                return self._send(403 if referer and referer != server.origin else 200, body=body)
            if path == "/nohead.png":
                if self.command == "HEAD":
                    return self._send(405, "text/plain", b"", body=False)
                return self._send(206 if self.headers.get("Range") else 200, body=body)
            return self._send(404, "text/plain", b"no route", body=body)

    return Handler


@pytest.fixture
def server():
    s = Server()
    t = threading.Thread(target=s.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    t.start()
    yield s
    s.stop.set()
    s.httpd.shutdown()
    s.httpd.server_close()


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch):
    """Every name lookup outside the loopback fails as DNS would: no test can reach another host."""
    real = socket.getaddrinfo

    def guarded(host, *args, **kw):
        name = host.decode() if isinstance(host, bytes) else host
        if name not in LOOPBACK:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kw)

    monkeypatch.setattr(socket, "getaddrinfo", guarded)
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(var, raising=False)


class Sleeps:
    """Records the pauses the client asks for instead of waiting them out."""

    def __init__(self) -> None:
        self.asked: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.asked.append(seconds)
        await asyncio.sleep(0)


def settings(tmp_path, **kw) -> Settings:
    base = dict(request_timeout=0.5, connect_timeout=0.5, retries=2, backoff=0.01, timeout=30.0,
                cache_dir=tmp_path / ".artlint_cache")
    base.update(kw)
    return Settings(**base)


def check(tmp_path, urls, sleeps=None, **kw):
    checker = Checker(settings(tmp_path, **kw), sleep=sleeps or Sleeps())
    try:
        return checker.resolve({u: True for u in urls}), checker
    finally:
        checker.close()


# -- verdicts -----------------------------------------------------------------------------------------

def test_good_image(server, tmp_path):
    got, _ = check(tmp_path, [server.base + "/good.png"])
    v = got[server.base + "/good.png"]
    assert (v.state, v.status, v.mime, v.looks_like_image) == (OK, 200, "image/png", True)
    method, _, headers = server.log[0]
    assert method == "HEAD"
    assert headers["User-Agent"].startswith("artlint/") and "(+link-check)" in headers["User-Agent"]
    assert "Referer" not in headers


def test_not_found_is_broken_without_retries(server, tmp_path):
    got, _ = check(tmp_path, [server.base + "/missing.png"])
    v = got[server.base + "/missing.png"]
    assert (v.state, v.status, v.describe()) == (BROKEN, 404, "404 Not Found")
    assert server.hits["/missing.png"] == 1


def test_flaky_500_then_200_is_retried_with_backoff(server, tmp_path):
    sleeps = Sleeps()
    got, _ = check(tmp_path, [server.base + "/flaky.png"], sleeps)
    v = got[server.base + "/flaky.png"]
    assert (v.state, v.status, v.attempts) == (OK, 200, 2)
    assert server.hits["/flaky.png"] == 2
    assert sleeps.asked == [0.01]


def test_persistent_503_gives_up_after_bounded_retries_with_growing_backoff(server, tmp_path):
    sleeps = Sleeps()
    got, _ = check(tmp_path, [server.base + "/down.png"], sleeps, retries=3)
    v = got[server.base + "/down.png"]
    assert (v.state, v.status, v.attempts) == (BROKEN, 503, 4)
    assert server.hits["/down.png"] == 4
    assert sleeps.asked == [0.01, 0.02, 0.04]


def test_429_honours_retry_after_seconds(server, tmp_path):
    sleeps = Sleeps()
    got, _ = check(tmp_path, [server.base + "/limited.png"], sleeps)
    assert got[server.base + "/limited.png"].state == OK
    assert sleeps.asked == [3.0]


def test_retry_after_http_date_is_capped(server, tmp_path):
    sleeps = Sleeps()
    got, _ = check(tmp_path, [server.base + "/busy.png"], sleeps, max_retry_after=5.0)
    assert got[server.base + "/busy.png"].state == OK
    assert sleeps.asked == [5.0]


def test_slow_response_times_out_after_retries(server, tmp_path):
    got, _ = check(tmp_path, [server.base + "/slow.png"], retries=1)
    v = got[server.base + "/slow.png"]
    assert (v.state, v.status, v.error) == (BROKEN, None, "timed out after 2 attempts")
    assert server.hits["/slow.png"] == 2


def test_permanent_redirect_chain_is_recorded(server, tmp_path):
    got, _ = check(tmp_path, [server.base + "/old.png"])
    v = got[server.base + "/old.png"]
    assert v.state == OK
    assert v.redirects == ((301, server.base + "/old.png"), (308, server.base + "/older.png"))
    assert v.final_url == v.permanent_target == server.base + "/new.png"
    # The target is known too, so a fix that rewrites the URL finds it checked.
    assert got[server.base + "/new.png"].redirects == ()


def test_temporary_redirect_is_not_permanent(server, tmp_path):
    got, _ = check(tmp_path, [server.base + "/temp.png"])
    v = got[server.base + "/temp.png"]
    assert (v.state, v.final_url, v.permanent_target) == (OK, server.base + "/good.png", None)


def test_html_page_at_an_image_url(server, tmp_path):
    got, _ = check(tmp_path, [server.base + "/page.png"])
    v = got[server.base + "/page.png"]
    assert (v.state, v.mime, v.looks_like_image) == (OK, "text/html", False)


def test_hotlink_protected_only_with_origin_referer(server, tmp_path):
    got, _ = check(tmp_path, [server.base + "/guarded.png"])
    v = got[server.base + "/guarded.png"]
    assert (v.state, v.no_referrer_ok) == (HOTLINK, False)
    referers = [h.get("Referer") for m, p, h in server.log]
    assert None in referers and server.origin in referers


def test_foreign_referer_blocked_but_no_referrer_works(server, tmp_path):
    got, _ = check(tmp_path, [server.base + "/no-foreign.png"], site_url="https://blog.example/")
    v = got[server.base + "/no-foreign.png"]
    assert (v.state, v.no_referrer_ok) == (HOTLINK, True)
    # Without a site-url there is no foreign Referer to try: the image simply works.
    got, _ = check(tmp_path / "other", [server.base + "/no-foreign.png"])
    assert got[server.base + "/no-foreign.png"].state == OK


def test_head_refused_falls_back_to_ranged_get(server, tmp_path):
    got, _ = check(tmp_path, [server.base + "/nohead.png"])
    v = got[server.base + "/nohead.png"]
    assert (v.state, v.status) == (OK, 206)
    assert [(m, h.get("Range")) for m, p, h in server.log] == [("HEAD", None), ("GET", "bytes=0-0")]


def test_dns_failure_and_refused_connection(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    dns = "http://images.example.invalid/a.png"
    refused = f"http://127.0.0.1:{closed}/a.png"
    got, _ = check(tmp_path, [dns, refused])
    assert (got[dns].state, got[dns].error) == (BROKEN, "DNS lookup failed")
    assert (got[refused].state, got[refused].error) == (BROKEN, "connection refused")


def test_run_budget_leaves_urls_unchecked_not_broken(server, tmp_path):
    urls = [f"{server.base}/slow.png?{i}" for i in range(3)]
    got, checker = check(tmp_path, urls, timeout=0.3, request_timeout=5.0)
    assert {v.state for v in got.values()} == {UNCHECKED}
    assert all("online-timeout" in v.error for v in got.values())
    # Not knowing is not cached: the next run asks again.
    assert not (tmp_path / ".artlint_cache" / "online.sqlite3").exists() or \
        Checker(settings(tmp_path)).cache.get_many([u + "\0" for u in urls]) == {}


# -- limits and the cache -----------------------------------------------------------------------------

def test_per_host_limit(server, tmp_path):
    urls = [f"{server.base}/many/{i}.png" for i in range(12)]
    got, _ = check(tmp_path, urls, per_host=3, concurrency=10)
    assert {v.state for v in got.values()} == {OK}
    assert 1 <= server.max_active <= 3


def test_global_limit(server, tmp_path):
    urls = [f"{server.base}/many/{i}.png" for i in range(12)]
    got, _ = check(tmp_path, urls, per_host=10, concurrency=2)
    assert {v.state for v in got.values()} == {OK}
    assert 1 <= server.max_active <= 2


def test_second_run_is_served_from_the_cache(server, tmp_path):
    urls = [server.base + p for p in ("/good.png", "/missing.png", "/old.png", "/guarded.png", "/page.png")]
    first, c1 = check(tmp_path, urls)
    assert server.total > 0 and c1.requested == len(urls)
    server.reset()
    second, c2 = check(tmp_path, urls)
    assert server.total == 0 and c2.requested == 0
    assert {u: second[u] for u in urls} == {u: first[u] for u in urls}
    assert "*" in (tmp_path / ".artlint_cache" / ".gitignore").read_text().splitlines()


def test_refresh_ignores_the_cache(server, tmp_path):
    check(tmp_path, [server.base + "/good.png"])
    server.reset()
    check(tmp_path, [server.base + "/good.png"], refresh_before=time.time() + 1)
    assert server.hits == {"/good.png": 1}


def test_broken_verdicts_expire_sooner(server, tmp_path):
    check(tmp_path, [server.base + "/good.png", server.base + "/missing.png"], ttl_broken=0.0)
    server.reset()
    check(tmp_path, [server.base + "/good.png", server.base + "/missing.png"], ttl_broken=0.0)
    assert server.hits == {"/missing.png": 1}


def test_same_url_is_asked_once_per_run(server, tmp_path):
    checker = Checker(settings(tmp_path, cache_dir=None), sleep=Sleeps())
    checker.resolve({server.base + "/good.png": True})
    checker.resolve({server.base + "/good.png": True})
    assert server.hits == {"/good.png": 1}


# -- rules, through the engine ------------------------------------------------------------------------

@pytest.mark.parametrize("code", sorted(["IMG100", "IMG101", "IMG102", "IMG103", "IMG104", "LNK101"]))
def test_docs_example_fires_and_use_instead_does_not(code):
    from artlint import Linter
    from artlint.plugins import load
    from artlint.rule import code_blocks

    rule = load().rule(code)
    assert rule.needs == {"online"}
    linter = Linter(select=[code], isolated=True)
    ctx = {"online": docs_verdicts()}
    sections = rule.doc_sections()
    for block in code_blocks(sections["Example"]):
        assert any(v.code == code for v in linter.lint_text(block, context=ctx)), block
        assert linter.lint_text(block) == []  # offline: idle
    for block in code_blocks(sections["Use instead"]):
        assert [v.message for v in linter.lint_text(block, context=ctx)] == [], block

ONLINE_CODES = {"IMG100", "IMG101", "IMG102", "IMG103", "IMG104", "LNK101"}


def _article(base: str) -> str:
    return f"""---
title: Loopback
date: 2024-05-01 10:00:00
thumbnail: {base}/good.png
headimg: '{base}/old.png'
---
<div>
<p><img alt="good" src="{base}/good.png"></p>
<p><img alt="gone" src="{base}/missing.png"></p>
<p><img alt="flaky" src="{base}/flaky.png"></p>
<p><img alt="slow" src="{base}/slow.png"></p>
<p><img alt="moved" src="{base}/old.png?a=1&amp;b=2"></p>
<p><img alt="temp" src="{base}/temp.png"></p>
<p><img alt="page" src="{base}/page.png"></p>
<p><img alt="guarded" src="{base}/guarded.png" referrerpolicy="no-referrer"></p>
<p><img alt="foreign" src="{base}/no-foreign.png"></p>
<p><img alt="saved" referrerpolicy="no-referrer" src="{base}/no-foreign.png"></p>
<p><img alt="set" srcset="{base}/good.png 1x, {base}/nohead.png 2x" src="{base}/good.png"></p>
<p><a href="{base}/missing.html">dead link</a> <a href="/relative">relative</a></p>
</div>
"""


#: What each image of ``_article`` must get: (code, URL path) pairs, links excluded.
EXPECTED = {
    ("IMG101", "/missing.png"), ("IMG101", "/slow.png"),
    ("IMG102", "/page.png"),
    ("IMG103", "/guarded.png"), ("IMG103", "/no-foreign.png"),
    ("IMG104", "/old.png"), ("IMG104", "/old.png?a=1&b=2"),
}

CONFIG = """[tool.artlint]
online-request-timeout = 0.5
online-retries = 1
site-url = "https://blog.example/"
"""


def _pairs(findings, base):
    out = set()
    for f in findings:
        code, msg = (f["code"], f["message"]) if isinstance(f, dict) else (f.code, f.message)
        if code in ONLINE_CODES:
            url = next(w for w in msg.split() if w.startswith(base) or w.startswith("http"))
            out.add((code, url.replace(base, "")))
    return out


def test_offline_by_default_no_request(server, tmp_path, monkeypatch):
    from artlint import Linter

    monkeypatch.chdir(tmp_path)
    found = Linter(isolated=True).lint_text(_article(server.base), "a.md")
    assert not {v.code for v in found} & ONLINE_CODES
    assert server.total == 0 and not (tmp_path / ".artlint_cache").exists()


def test_rules_report_each_verdict(server, tmp_path, monkeypatch):
    from artlint import Linter

    monkeypatch.chdir(tmp_path)
    linter = Linter(isolated=True, online=True, online_request_timeout=0.5, online_retries=1,
                    site_url="https://blog.example/")
    found = linter.lint_text(_article(server.base), "a.md")
    linter.close()
    assert _pairs(found, server.base) == EXPECTED
    guarded = next(v for v in found if v.code == "IMG103" and "/guarded.png" in v.message)
    assert 'does not help' in guarded.message and guarded.fix is None
    foreign = next(v for v in found if v.code == "IMG103" and "/no-foreign.png" in v.message)
    assert "saves it" in foreign.message and foreign.fix.is_safe
    redirect = next(v for v in found if v.code == "IMG104" and "&" in v.snippet)
    assert redirect.fix is not None and not redirect.fix.is_safe
    # The link is not checked without online-links.
    assert "/missing.html" not in server.hits


def test_links_are_checked_with_online_links(server, tmp_path, monkeypatch):
    from artlint import Linter

    monkeypatch.chdir(tmp_path)
    text = f'<p><a href="{server.base}/missing.html">x</a> <a href="{server.base}/old.png">y</a></p>\n'
    found = Linter(isolated=True, online=True, online_links=True, select=["online"]).lint_text(text, "a.md")
    assert _pairs(found, server.base) == {("LNK101", "/missing.html"), ("IMG104", "/old.png")}


def test_fix_rewrites_redirects_and_adds_referrerpolicy(server, tmp_path, monkeypatch):
    from artlint import Linter

    monkeypatch.chdir(tmp_path)
    linter = Linter(isolated=True, online=True, online_request_timeout=0.5, online_retries=0,
                    site_url="https://blog.example/", select=["online"])
    text = _article(server.base)
    safe = linter.fix_text(text, "a.md")
    assert f'<img referrerpolicy="no-referrer" alt="foreign" src="{server.base}/no-foreign.png">' in safe.text
    assert safe.text.count("old.png") == 2  # redirects need --unsafe-fixes
    full = linter.fix_text(text, "a.md", unsafe=True)
    assert full.converged
    assert f"headimg: '{server.base}/new.png'" in full.text
    assert f'src="{server.base}/new.png?a=1&amp;b=2"' not in full.text  # the query is the server's to keep
    assert f'src="{server.base}/new.png"' in full.text
    left = {v.code for v in full.remaining}
    assert "IMG104" not in left and "IMG100" not in left
    # Everything outside the edits is untouched.
    assert full.text.replace(' referrerpolicy="no-referrer" alt="foreign"', ' alt="foreign"') \
        .replace("/new.png", "/old.png") == text.replace("/old.png?a=1&amp;b=2", "/old.png")
    linter.close()


# -- end to end ---------------------------------------------------------------------------------------

def _artlint(args, cwd):
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env["NO_PROXY"] = "*"
    return subprocess.run([sys.executable, "-m", "artlint", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=120)


def test_cli_check_online_end_to_end(server, tmp_path):
    posts = tmp_path / "posts"
    posts.mkdir()
    (tmp_path / "artlint.toml").write_text(CONFIG.replace("[tool.artlint]\n", ""), encoding="utf-8")
    (posts / "one.md").write_text(_article(server.base), encoding="utf-8")
    (posts / "two.md").write_text(_article(server.base), encoding="utf-8")  # same URLs: asked once

    first = _artlint(["check", "--online", "--output-format", "json", "posts"], tmp_path)
    assert first.returncode == 1, first.stderr
    findings = json.loads(first.stdout)
    for name in ("one.md", "two.md"):
        mine = [f for f in findings if f["path"].endswith(name)]
        assert _pairs(mine, server.base) == EXPECTED
    first_hits = dict(server.hits)
    # Each URL once per run, however many files name it.
    assert first_hits["/missing.png"] == 1
    assert first_hits["/slow.png"] == 2  # one retry after the timeout, then broken
    assert (tmp_path / ".artlint_cache" / "online.sqlite3").is_file()

    server.reset()
    second = _artlint(["check", "--online", "--output-format", "json", "posts"], tmp_path)
    assert json.loads(second.stdout) == findings
    assert server.total == 0

    third = _artlint(["check", "--online", "--refresh-online", "--output-format", "json", "posts"], tmp_path)
    assert json.loads(third.stdout) == findings
    assert dict(server.hits) == first_hits

    offline = _artlint(["check", "--output-format", "json", "posts"], tmp_path)
    assert not {f["code"] for f in json.loads(offline.stdout)} & ONLINE_CODES


def test_cli_bad_online_config_is_one_line(tmp_path):
    (tmp_path / "artlint.toml").write_text('online-ttl = {good = "soon"}\n', encoding="utf-8")
    (tmp_path / "a.md").write_text("<p>x</p>\n", encoding="utf-8")
    res = _artlint(["check", "--online", "a.md"], tmp_path)
    assert res.returncode == 2 and "Traceback" not in res.stderr
    assert "online-ttl" in res.stderr and len(res.stderr.strip().splitlines()) == 1


def test_cli_jobs_share_one_check_per_url(server, tmp_path):
    posts = tmp_path / "posts"
    posts.mkdir()
    base = server.base
    body = (f'---\ntitle: t\ndate: 2024-05-01\n---\n<p><img alt="a" src="{base}/good.png">'
            f'<img alt="b" src="{base}/missing.png"><img alt="c" src="{base}/guarded.png">'
            f'<img alt="d" src="{base}/old.png"></p>\n')
    for i in range(20):  # enough files for the process pool
        (posts / f"p{i:02}.md").write_text(body, encoding="utf-8")
    first = _artlint(["check", "--online", "--jobs", "2", "--output-format", "json", "posts"], tmp_path)
    findings = json.loads(first.stdout)
    per_file = {}
    for f in findings:
        per_file.setdefault(f["path"], set()).add((f["code"], f["line"], f["column"]))
    assert len(per_file) == 20 and len({frozenset(v) for v in per_file.values()}) == 1
    assert _pairs(findings, base) == {("IMG101", "/missing.png"), ("IMG103", "/guarded.png"),
                                      ("IMG104", "/old.png")}
    assert server.hits["/missing.png"] == 1 and server.hits["/good.png"] == 1
    server.reset()
    second = _artlint(["check", "--online", "--jobs", "2", "--output-format", "json", "posts"], tmp_path)
    assert json.loads(second.stdout) == findings and server.total == 0
