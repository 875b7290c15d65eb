"""What the unsafe-markup rules share: how a browser reads an attribute value and a URL's scheme.

Everything here answers "what would a browser do with this markup", so the definitions follow the WHATWG
HTML and URL standards rather than Python's conveniences (``html.unescape`` decodes ``&para=`` inside an
attribute; a browser does not).
"""

from __future__ import annotations

import re
from html.entities import html5 as _HTML5

from .._memo import Memo
from ..html import Attr, Element

#: attributes whose value a browser loads or navigates to (or, for ``srcdoc``, renders as a document)
URL_ATTRS = frozenset((
    "href", "src", "action", "formaction", "xlink:href", "poster", "background", "data", "codebase",
    "cite", "longdesc", "usemap", "dynsrc", "lowsrc", "manifest", "ping", "profile", "classid", "archive",
    "icon", "srcset", "imagesrcset", "xml:base",
))
#: ``<animate attributeName="href" to="javascript:…">`` sets a URL through these
ANIMATION_VALUE_ATTRS = frozenset(("to", "from", "values", "by"))
ANIMATION_TAGS = frozenset(("animate", "set", "animatetransform", "animatemotion", "discard"))
EMBED_TAGS = frozenset(("iframe", "object", "embed", "applet", "frame", "frameset", "portal", "fencedframe"))
#: where a data: image is harmless: the browser shows it as a picture and never runs its scripts
_IMAGE_PLACES = frozenset((("img", "src"), ("img", "srcset"), ("source", "srcset"), ("video", "poster"),
                           ("input", "src"), ("image", "href"), ("image", "xlink:href")))
DANGEROUS_SCHEMES = frozenset(("javascript", "vbscript", "livescript", "mocha", "jscript", "mhtml", "wysiwyg"))

_NAMED = re.compile(r"&([a-zA-Z][a-zA-Z0-9]*;?)")
_NUMERIC = re.compile(r"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));?")
_C0_SPACE = "".join(chr(i) for i in range(0x21))
_TAB_NL = re.compile("[\t\n\r]")
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")
_ALL_CONTROLS = re.compile(r"[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2028\u2029\ufeff]+")
# Windows-1252 numbers the HTML standard maps character references 0x80-0x9F to.
_C1_MAP = {0x80: 0x20AC, 0x82: 0x201A, 0x83: 0x0192, 0x84: 0x201E, 0x85: 0x2026, 0x86: 0x2020, 0x87: 0x2021,
           0x88: 0x02C6, 0x89: 0x2030, 0x8A: 0x0160, 0x8B: 0x2039, 0x8C: 0x0152, 0x8E: 0x017D, 0x91: 0x2018,
           0x92: 0x2019, 0x93: 0x201C, 0x94: 0x201D, 0x95: 0x2022, 0x96: 0x2013, 0x97: 0x2014, 0x98: 0x02DC,
           0x99: 0x2122, 0x9A: 0x0161, 0x9B: 0x203A, 0x9C: 0x0153, 0x9E: 0x017E, 0x9F: 0x0178}


def _numeric(m: re.Match) -> str:
    n = int(m.group(1), 16) if m.group(1) else int(m.group(2))
    if n == 0 or n > 0x10FFFF or 0xD800 <= n <= 0xDFFF:
        return "\ufffd"
    return chr(_C1_MAP.get(n, n))


def attr_unescape(raw: str) -> str:
    """Decode character references in an attribute value the way the HTML tokenizer does.

    Unlike text, a named reference without ``;`` followed by ``=`` or an alphanumeric stays as written
    (``?a=1&copy=2`` keeps ``&copy``); the longest legacy name is matched otherwise.
    """
    if "&" not in raw:
        return raw
    out: list[str] = []
    pos = 0
    n = len(raw)
    while True:
        i = raw.find("&", pos)
        if i < 0:
            out.append(raw[pos:])
            return "".join(out)
        out.append(raw[pos:i])
        m = _NUMERIC.match(raw, i)
        if m:
            out.append(_numeric(m))
            pos = m.end()
            continue
        m = _NAMED.match(raw, i)
        if not m:
            out.append("&")
            pos = i + 1
            continue
        name = m.group(1)
        if name.endswith(";") and name in _HTML5:
            out.append(_HTML5[name])
            pos = m.end()
            continue
        # longest legacy (semicolon-less) prefix
        for k in range(len(name.rstrip(";")), 0, -1):
            if name[:k] in _HTML5 and not name[:k].endswith(";"):
                after = i + 1 + k
                if after < n and (raw[after] == "=" or raw[after].isalnum()):
                    out.append(raw[i:after])
                else:
                    out.append(_HTML5[name[:k]])
                pos = after
                break
        else:
            out.append("&")
            pos = i + 1


def attr_value(a: Attr, text: str) -> str | None:
    """The value a browser sees for ``a`` (``None`` when the attribute has no ``=``)."""
    if a.value is None:
        return None
    return attr_unescape(text[a.value_start:a.value_end])


def url_scheme(value: str) -> str | None:
    """The scheme a WHATWG URL parser finds in ``value``, lower-cased; ``None`` for a relative URL.

    Leading and trailing C0 controls and spaces are stripped and ASCII tab/newline removed anywhere.
    """
    v = _TAB_NL.sub("", value.strip(_C0_SPACE))
    m = _SCHEME.match(v)
    return m.group(1).lower() if m else None


def _loose_scheme(value: str) -> str | None:
    # Belt and braces: also read the scheme with every control, space and invisible character removed,
    # so a value some engine might read as a script URL is never let through.
    m = _SCHEME.match(_ALL_CONTROLS.sub("", value))
    return m.group(1).lower() if m else None


def _data_is_image(value: str) -> tuple[bool, bool]:
    """(is an image type, is SVG) for a ``data:`` URL."""
    v = _ALL_CONTROLS.sub("", value)
    head = v[v.find(":") + 1:].split(",", 1)[0].split(";", 1)[0].strip().lower()
    return head.startswith("image/"), head.startswith("image/svg")


def unsafe_url(tag: str, name: str, value: str) -> str | None:
    """Why ``value`` in attribute ``name`` of ``<tag>`` can run script, or ``None`` when it cannot."""
    if name == "srcdoc":
        return "srcdoc renders its value as a whole HTML document"
    candidates = [value]
    if name in ("srcset", "imagesrcset"):
        candidates = [c.strip().split(None, 1)[0] for c in value.split(",") if c.strip()] or [value]
    for v in candidates:
        for scheme in {url_scheme(v), _loose_scheme(v)}:
            if scheme is None:
                continue
            if scheme in DANGEROUS_SCHEMES:
                return f"{scheme}: URL"
            if scheme == "data":
                image, svg = _data_is_image(v)
                if not image or (svg and (tag, name) not in _IMAGE_PLACES):
                    return "data: URL that is not a picture"
    return None


def plain_url(raw: str) -> bool:
    """A raw attribute value in which no URL parser finds a scheme other than http(s): a relative path
    or an absolute http(s) URL with nothing to decode, trim or drop at its start (checked on the raw
    value: character references only change what follows their ``&``)."""
    return raw[:1] in _RELATIVE_START or raw.startswith(("http://", "https://"))


_RELATIVE_START = frozenset("/#?.")


def unsafe_attr(el: Element, a: Attr, text: str) -> str | None:
    """Why attribute ``a`` of ``el`` is a script or a script URL (event handlers aside)."""
    name = a.name
    if name == "srcdoc":
        return unsafe_url(el.tag, name, "")
    if name in URL_ATTRS or name.endswith(":href"):
        if a.value is None:
            return None
        raw = text[a.value_start:a.value_end]
        if name != "srcset" and name != "imagesrcset" and plain_url(raw):
            return None
        return unsafe_url(el.tag, name, attr_unescape(raw))
    if name in ANIMATION_VALUE_ATTRS and el.tag in ANIMATION_TAGS:
        value = attr_value(a, text)
        return None if value is None else unsafe_url(el.tag, name, value)
    if name == "style" and a.value is not None:
        return unsafe_style(attr_unescape(text[a.value_start:a.value_end]))
    return None


_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})\s?|\\(.)", re.S)


def unsafe_style(value: str) -> str | None:
    """Why a (decoded) ``style`` value can run script in some browser: ``expression()``, ``behavior``,
    ``-moz-binding`` or a script URL, also when spelled with CSS escapes (``j\\61vascript``)."""
    # Articles repeat the same few style values over and over: each is read once.
    try:
        return _STYLE_VERDICT[value]
    except KeyError:
        pass
    return _STYLE_VERDICT.put(value, _unsafe_style(value))


_STYLE_VERDICT = Memo(4096)


def _unsafe_style(value: str) -> str | None:
    v = _CSS_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)) if m.group(1) and int(m.group(1), 16) < 0x110000
                        else (m.group(2) or ""), value)
    v = _ALL_CONTROLS.sub("", v).lower()
    v = re.sub(r"/\*.*?\*/", "", v, flags=re.S)
    if any(x in v for x in ("expression(", "javascript:", "vbscript:", "-moz-binding", "behavior:",
                            "behaviour:")):
        return "style with a script URL, expression() or a binding"
    return None


def is_event_handler(name: str) -> bool:
    return name.startswith("on") and len(name) > 2


def is_meta_refresh(el: Element) -> bool:
    v = el.get("http-equiv")
    return v is not None and v.strip(_C0_SPACE).lower() == "refresh"

