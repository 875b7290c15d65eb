"""Which attributes the HTML standard defines, per element (WHATWG HTML, including the attributes its
"obsolete features" section still specifies, since removing those is a different decision)."""

from __future__ import annotations

GLOBAL = frozenset("""
accesskey autocapitalize autocorrect autofocus class contenteditable dir draggable enterkeyhint hidden id
inert inputmode is itemid itemprop itemref itemscope itemtype lang nonce popover slot spellcheck style
tabindex title translate writingsuggestions role xmlns xml:lang xml:space xml:base
""".split())

_TABLE = """
a: href target download ping rel hreflang type referrerpolicy name charset coords shape rev
abbr:
address:
area: alt coords shape href target download ping rel referrerpolicy nohref
article:
aside:
audio: src crossorigin preload autoplay loop muted controls
b:
bdi:
bdo:
blockquote: cite
body: alink background bgcolor link text vlink bottommargin leftmargin rightmargin topmargin marginheight marginwidth
br: clear
button: disabled form formaction formenctype formmethod formnovalidate formtarget name popovertarget popovertargetaction type value command commandfor
canvas: width height
caption: align
cite:
code:
col: span align char charoff valign width
colgroup: span align char charoff valign width
data: value
datalist:
dd:
del: cite datetime
details: open name
dfn:
dialog: open closedby
div: align
dl: compact
dt:
em:
embed: src type width height align hspace name vspace
fieldset: disabled form name
figcaption:
figure:
footer:
form: accept-charset action autocomplete enctype method name novalidate target rel accept
h1: align
h2: align
h3: align
h4: align
h5: align
h6: align
head: profile
header:
hgroup:
hr: align color noshade size width
html: manifest version
i:
iframe: src srcdoc name sandbox allow allowfullscreen width height referrerpolicy loading align allowtransparency frameborder framespacing hspace longdesc marginheight marginwidth scrolling vspace datasrc
img: alt src srcset sizes crossorigin usemap ismap width height referrerpolicy decoding loading fetchpriority name lowsrc align border hspace longdesc vspace
input: accept alt autocomplete checked dirname disabled form formaction formenctype formmethod formnovalidate formtarget height list max maxlength min minlength multiple name pattern placeholder popovertarget popovertargetaction readonly required size src step type value width align usemap
ins: cite datetime
kbd:
label: for form
legend: align
li: value type
link: href crossorigin rel as media hreflang type sizes imagesrcset imagesizes referrerpolicy integrity blocking color disabled fetchpriority charset rev target
main:
map: name
mark:
menu: compact
meta: name http-equiv content charset media scheme
meter: value min max low high optimum
nav:
noscript:
object: data type name form width height archive classid code codebase codetype declare standby typemustmatch align border hspace vspace usemap
ol: reversed start type compact
optgroup: disabled label
option: disabled label selected value
output: for form name
p: align
param: name value type valuetype
picture:
pre: width
progress: value max
q: cite
rp:
rt:
ruby:
s:
samp:
script: src type nomodule async defer crossorigin integrity referrerpolicy blocking fetchpriority charset event for language
search:
section:
select: autocomplete disabled form multiple name required size
slot: name
small:
source: type media src srcset sizes width height
span:
strong:
style: media blocking type
sub:
summary:
sup:
table: align bgcolor border cellpadding cellspacing frame rules summary width datapagesize
tbody: align char charoff valign bgcolor
td: colspan rowspan headers abbr align axis bgcolor char charoff height nowrap scope valign width
template: shadowrootmode shadowrootdelegatesfocus shadowrootclonable shadowrootserializable
textarea: autocomplete cols dirname disabled form maxlength minlength name placeholder readonly required rows wrap
tfoot: align char charoff valign bgcolor
th: colspan rowspan headers scope abbr align axis bgcolor char charoff height nowrap valign width
thead: align char charoff valign bgcolor
time: datetime
title:
tr: align char charoff valign bgcolor height
track: default kind label src srclang
u:
ul: compact type
var:
video: src crossorigin poster preload autoplay playsinline loop muted controls width height
wbr:
font: color face size
center:
big:
strike:
tt:
basefont: color face size
marquee: behavior bgcolor direction height hspace loop scrollamount scrolldelay truespeed vspace width
nobr:
acronym:
dir: compact
applet: align alt archive code codebase height hspace name object vspace width
frame: frameborder longdesc marginheight marginwidth name noresize scrolling src
frameset: cols rows
"""

#: element -> attributes it may carry besides the global ones; elements not listed are unknown
#: (custom elements, code samples scraped as tags) and left alone.
ELEMENT: dict[str, frozenset[str]] = {}
for _line in _TABLE.strip().splitlines():
    _tag, _, _names = _line.partition(":")
    ELEMENT[_tag.strip()] = frozenset(_names.split())


#: element -> every attribute name it may carry (global ones included), for one set lookup per name
ALLOWED: dict[str, frozenset[str]] = {tag: names | GLOBAL for tag, names in ELEMENT.items()}


def is_standard(tag: str, name: str) -> bool:
    """Whether ``name`` is an attribute the standard defines on ``tag`` (global, event handler, ``data-*``,
    ``aria-*`` or element-specific)."""
    if name in GLOBAL or name.startswith(("on", "data-", "aria-")):
        return True
    allowed = ELEMENT.get(tag)
    return allowed is None or name in allowed
