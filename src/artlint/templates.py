"""Template syntax is opaque: the spans of Liquid/Nunjucks/Hexo ``{% … %}``, ``{{ … }}``, ``{# … #}`` and Hugo
``{{< … >}}`` / ``{{% … %}}`` tags in a body, so the engine can keep every edit out of them.

Block tags whose content is code or verbatim text (``{% raw %}…{% endraw %}``, Hexo's ``{% codeblock %}``,
Jekyll's ``{% highlight %}``, Hugo's ``{{< highlight >}}…{{< /highlight >}}``, …) are one span each, from
the opening tag to the closing one: what they hold is not markup either.
"""

from __future__ import annotations

import re
from functools import lru_cache

DEFAULT_DELIMITERS: tuple[tuple[str, str], ...] = (("{%", "%}"), ("{{", "}}"), ("{#", "#}"))

_VERBATIM_TAGS = "raw|verbatim|comment|codeblock|code|highlight|blockcode|backtick_codeblock|include_code"
_VERBATIM = {
    "{%": r"\{%-?\s*(?P<liquid>" + _VERBATIM_TAGS + r")\b.*?-?%\}.*?\{%-?\s*end(?P=liquid)\s*-?%\}",
    "{{": r"\{\{[<%]\s*(?P<hugo>highlight|code)\b.*?[>%]\}\}.*?\{\{[<%]\s*/\s*(?P=hugo)\s*[>%]\}\}",
}


@lru_cache(maxsize=32)
def _patterns(delimiters: tuple[tuple[str, str], ...]) -> tuple[re.Pattern | None, re.Pattern | None]:
    if not delimiters:
        return None, None
    opens = {o for o, _ in delimiters}
    verbatim = [_VERBATIM[o] for o in ("{%", "{{") if o in opens]
    # Longer openers first, so ``{{<`` style delimiters a user adds win over ``{{``.
    tags = [re.escape(o) + ".*?" + re.escape(c) for o, c in sorted(delimiters, key=lambda d: -len(d[0]))]
    return (re.compile("|".join(verbatim), re.S) if verbatim else None,
            re.compile("|".join(tags), re.S))


def template_spans(text: str, start: int, end: int,
                   delimiters=DEFAULT_DELIMITERS) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """(every template span, the verbatim blocks among them) in ``text[start:end]``, sorted."""
    delimiters = tuple((str(o), str(c)) for o, c in delimiters)
    verbatim_re, tag_re = _patterns(delimiters)
    if tag_re is None:
        return [], []
    if not any(text.find(o, start, end) >= 0 for o, _ in delimiters):
        return [], []
    blocks: list[tuple[int, int]] = []
    if verbatim_re is not None:
        blocks = [m.span() for m in verbatim_re.finditer(text, start, end)]
    spans: list[tuple[int, int]] = []
    pos = start
    for bs, be in blocks + [(end, end)]:
        spans.extend(m.span() for m in tag_re.finditer(text, pos, bs))
        if bs < be:
            spans.append((bs, be))
        pos = be
    return spans, blocks
