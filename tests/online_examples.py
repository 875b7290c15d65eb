"""The verdicts the online rules' documentation examples are about: what the engine would hand the
rules after checking those URLs (the examples name hosts no test may contact)."""

from __future__ import annotations

import json
from pathlib import Path

from artlint.online import BROKEN, HOTLINK, OK, UNCHECKED, Verdict


def docs_verdicts() -> dict[str, Verdict]:
    png = "image/png"
    return {
        "https://slow.example.com/chart.png": Verdict("https://slow.example.com/chart.png", UNCHECKED,
                                                      error="could not check within the online-timeout budget"),
        "https://example.com/chart.png": Verdict("https://example.com/chart.png", OK, 200, content_type=png),
        "https://example.com/gone.png": Verdict("https://example.com/gone.png", BROKEN, 404),
        "https://example.com/login.png": Verdict("https://example.com/login.png", OK, 200,
                                                 content_type="text/html; charset=utf-8"),
        "https://n.sinaimg.cn/finance/chart.png": Verdict("https://n.sinaimg.cn/finance/chart.png", HOTLINK, 200,
                                                          content_type=png, no_referrer_ok=True),
        "http://example.com/old/chart.png": Verdict("http://example.com/old/chart.png", OK, 200,
                                                    "https://example.com/chart.png",
                                                    ((301, "http://example.com/old/chart.png"),), png),
        "https://example.com/removed-story": Verdict("https://example.com/removed-story", BROKEN, 410),
        "https://example.com/story": Verdict("https://example.com/story", OK, 200, content_type="text/html"),
    }


def fixture_context(folder: Path) -> dict | None:
    """The ``article.context`` for the golden cases of a rule folder holding ``online.json`` (URL →
    verdict fields), or None when the folder has none."""
    path = Path(folder) / "online.json"
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return {"online": {url: Verdict(url, **{k: tuple(map(tuple, v)) if k == "redirects" else v
                                            for k, v in fields.items()})
                       for url, fields in data.items()}}
