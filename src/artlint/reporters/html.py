"""``html``: one self-contained page to look at: summaries by rule and by folder, every file's findings
with the offending source in context, the before/after of each fix, and the rules' documentation.

No network assets: the CSS and the little JavaScript are inline, so the page works from a CI artefact or
an e-mail attachment. Everything taken from articles or rules is escaped. File sections are spooled to a
temporary file while the totals are counted, so memory does not grow with the number of files.
"""

from __future__ import annotations

import html
import re
import shutil
import tempfile
from bisect import bisect_right
from collections import Counter
from pathlib import Path
from typing import TextIO

from .._fingerprint import rel_path
from ._util import VERSION

#: Long lines (scraped bodies are often one line) are shown as a window this wide around the finding.
WINDOW = 120
MAX_SHOWN = 1500
CONTEXT_LINES = 1


def _e(s: object) -> str:
    return html.escape(str(s), quote=True)


def _anchor(code: str) -> str:
    return "rule-" + re.sub(r"[^A-Za-z0-9_-]", "_", code)


class _Source:
    """The text a file's findings point into, with line starts for context windows."""

    def __init__(self, path: str) -> None:
        self.text: str | None = None
        try:
            from .._io import read_file
            from ..article import decode

            self.text, _ = decode(read_file(Path(path)), path)
        except Exception:  # the report still lists findings for a file that has gone or cannot be read
            self.text = None
        self.starts = [0] + [m.end() for m in re.finditer("\n", self.text)] if self.text is not None else []

    def line_span(self, n: int) -> tuple[int, int]:
        """Start and end (without the newline) of 1-based line ``n``."""
        start = self.starts[n - 1]
        end = self.starts[n] - 1 if n < len(self.starts) else len(self.text)
        if end > start and self.text[end - 1] == "\r":
            end -= 1
        return start, end

    def line_of(self, offset: int) -> int:
        return bisect_right(self.starts, offset)


def _window(text: str, lo: int, hi: int, a: int, b: int) -> tuple[int, int, bool, bool]:
    """Clip the line ``lo..hi`` to a window around ``a..b``; report which ends were cut."""
    start = max(lo, a - WINDOW)
    end = min(hi, max(b, a) + WINDOW)
    return start, end, start > lo, end < hi


def _context(src: _Source, start: int, end: int) -> str:
    """The finding's lines and one line either side, the offending text marked."""
    text = src.text
    if text is None or start > len(text):
        return '<p class="nosrc">Source not available.</p>'
    first, last = src.line_of(start), src.line_of(max(start, end - 1) if end > start else start)
    rows = []
    for n in range(max(1, first - CONTEXT_LINES), min(len(src.starts), last + CONTEXT_LINES) + 1):
        lo, hi = src.line_span(n)
        a, b = max(lo, min(start, hi)), min(hi, max(end, lo))
        if first <= n <= last:
            ws, we, cut_l, cut_r = _window(text, lo, hi, a, b)
        else:
            # Neighbour lines: their beginning only, to keep the page readable.
            ws, we, cut_l, cut_r = lo, min(hi, lo + 2 * WINDOW), False, hi > lo + 2 * WINDOW
        body = []
        if cut_l:
            body.append('<span class="cut">…</span>')
        if first <= n <= last and b >= a:
            shown_b = min(b, a + MAX_SHOWN)
            body.append(_e(text[ws:a]))
            body.append(f'<mark>{_e(text[a:shown_b]) or "&#8203;"}</mark>')
            if shown_b < b:
                body.append(f'<span class="cut">… ({b - shown_b} more characters)</span>')
            body.append(_e(text[shown_b:max(shown_b, we)]))
        else:
            body.append(_e(text[ws:we]))
        if cut_r:
            body.append('<span class="cut">…</span>')
        cls = "hit" if first <= n <= last else ""
        rows.append(f'<tr class="{cls}"><td class="ln">{n}</td><td class="src">{"".join(body)}</td></tr>')
    return f'<table class="code">{"".join(rows)}</table>'


def _visible(ws: str) -> str:
    """Whitespace a fix removes or inserts, drawn so the diff line is not blank."""
    marks = {" ": "·", "\t": "→", "\n": "↵\n", "\r": "␍", "\u00a0": "⍽", "\u3000": "□"}
    return '<span class="ws">' + "".join(marks.get(c, _e(c)) for c in ws) + "</span>"


def _fix_preview(src: _Source, fix) -> str:
    """Before and after of the text the fix touches, with what it removes and inserts marked."""
    text = src.text
    if text is None or not fix.edits or fix.edits[-1].end > len(text):
        return ""
    fs, fe = fix.edits[0].start, max(e.end for e in fix.edits)
    lo = src.starts[src.line_of(fs) - 1]
    hi = src.line_span(src.line_of(max(fs, fe - 1) if fe > fs else fs))[1]
    ws, we = max(lo, fs - WINDOW // 2), min(hi, fe + WINDOW // 2)
    before, after = [], []
    if ws > lo:
        before.append('<span class="cut">…</span>')
        after.append('<span class="cut">…</span>')
    pos = ws
    for e in fix.edits:
        same = _e(text[pos:e.start])
        before.append(same)
        after.append(same)
        removed = text[e.start:e.end]
        if len(removed) > MAX_SHOWN:
            removed_html = (_e(removed[:MAX_SHOWN]) +
                            f'<span class="cut">… ({len(removed) - MAX_SHOWN} more characters)</span>')
        elif removed and not removed.strip():
            removed_html = _visible(removed)
        else:
            removed_html = _e(removed)
        if removed:
            before.append(f"<del>{removed_html}</del>")
        if e.replacement:
            rep = e.replacement[:MAX_SHOWN]
            after.append(f"<ins>{_visible(rep) if not rep.strip() else _e(rep)}</ins>")
        pos = e.end
    tail = _e(text[pos:max(pos, we)])
    before.append(tail)
    after.append(tail)
    if we < hi:
        before.append('<span class="cut">…</span>')
        after.append('<span class="cut">…</span>')
    if not any(e.replacement for e in fix.edits) and not "".join(after).strip():
        after.append('<span class="cut">(removed)</span>')
    safety = "safe" if fix.is_safe else "unsafe"
    title = _e(fix.title or "Fix")
    return (f'<div class="fix"><div class="fixtitle">{title} <span class="tag {safety}">{safety} fix</span></div>'
            f'<div class="diff"><div class="minus"><span class="sign">−</span><code>{"".join(before)}</code></div>'
            f'<div class="plus"><span class="sign">+</span><code>{"".join(after)}</code></div></div></div>')


def _render_doc(doc: str) -> str:
    """Rule docstrings in their fixed Markdown-ish shape: ``##`` headings, fenced blocks, lists, paragraphs."""
    out: list[str] = []
    para: list[str] = []
    items: list[str] = []

    def inline(s: str) -> str:
        s = _e(s)
        s = re.sub(r"``(.+?)``|`([^`]+)`", lambda m: f"<code>{m.group(1) or m.group(2)}</code>", s)
        return re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", s)

    def flush() -> None:
        if para:
            out.append(f"<p>{inline(' '.join(para))}</p>")
            para.clear()
        if items:
            out.append("<ul>" + "".join(f"<li>{inline(i)}</li>" for i in items) + "</ul>")
            items.clear()

    lines = doc.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("```"):
            flush()
            block = []
            i += 1
            while i < len(lines) and not lines[i].startswith("```"):
                block.append(lines[i])
                i += 1
            out.append(f'<pre class="example"><code>{_e(chr(10).join(block))}</code></pre>')
        elif m := re.match(r"^#{1,6}\s+(.*)$", line):
            flush()
            out.append(f"<h4>{inline(m.group(1))}</h4>")
        elif m := re.match(r"^\s*[-*]\s+(.*)$", line):
            if para:
                flush()
            items.append(m.group(1))
        elif not line.strip():
            flush()
        elif items and line.startswith("  "):
            items[-1] += " " + line.strip()
        else:
            if items:
                flush()
            para.append(line.strip())
        i += 1
    flush()
    return "".join(out)


def _file_section(idx: int, r, rel: str) -> tuple[str, Counter]:
    src = _Source(r.path)
    counts: Counter = Counter(v.code for v in r.violations)
    sev = Counter(v.severity.value for v in r.violations)
    badges = "".join(f'<span class="badge {s}">{n} {s}{"s" * (n != 1) if s != "info" else ""}</span>'
                     for s, n in sorted(sev.items()))
    if r.error:
        badges += '<span class="badge error">not checked</span>'
    codes = " ".join(sorted(counts))
    parts = [f'<details class="file" id="file-{idx}" data-path="{_e(rel)}" data-rules="{_e(codes)}">',
             f'<summary><span class="path">{_e(rel)}</span><span class="badges">{badges}</span></summary>',
             '<div class="findings">']
    if r.error:
        parts.append(f'<div class="finding error-line">{_e(r.error)}</div>')
    for v in r.violations:
        fix = ""
        if v.fix is not None:
            fix = _fix_preview(src, v.fix)
        parts.append(
            f'<div class="finding sev-{_e(v.severity.value)}" data-rule="{_e(v.code)}">'
            f'<div class="head"><a class="code" href="#{_anchor(v.code)}">{_e(v.code)}</a>'
            f'<a class="name" href="#{_anchor(v.code)}">{_e(v.name)}</a>'
            f'<span class="msg">{_e(v.message)}</span>'
            f'<span class="pos">{_e(rel)}:{v.line}:{v.column}</span></div>'
            f'{_context(src, v.start, v.end)}{fix}</div>')
    parts.append("</div></details>\n")
    return "".join(parts), counts


def report(results, rules, stream: TextIO, *, title: str = "artlint report", **_) -> None:
    rules = rules or {}
    by_rule: Counter = Counter()
    fixable: Counter = Counter()
    by_folder: Counter = Counter()
    files_by_folder: Counter = Counter()
    names: dict[str, str] = {}
    sev_of: dict[str, str] = {}
    n_files = n_with = n_errors = 0
    base = Path.cwd()
    with tempfile.TemporaryFile("w+", encoding="utf-8") as spool:
        for r in results:
            n_files += 1
            rel = rel_path(r.path, base)
            folder = rel.rsplit("/", 1)[0] if "/" in rel else "."
            files_by_folder[folder] += 1
            if not r.violations and not r.error:
                continue
            n_with += 1
            n_errors += bool(r.error)
            section, counts = _file_section(n_with, r, rel)
            spool.write(section)
            by_rule.update(counts)
            by_folder[folder] += len(r.violations)
            for v in r.violations:
                names[v.code] = v.name
                sev_of.setdefault(v.code, v.severity.value)
                if v.fix is not None and v.fix.is_safe:
                    fixable[v.code] += 1
        total = sum(by_rule.values())
        stream.write(_head(title))
        stream.write(_summary(n_files, n_with, n_errors, total, sum(fixable.values()), by_rule, fixable, names,
                              sev_of, by_folder, files_by_folder, rules))
        stream.write('<section id="files"><div class="bar"><h2>Files with findings</h2>'
                     '<input id="filter" type="search" placeholder="Filter by path or rule code…" '
                     'aria-label="Filter files">'
                     '<button type="button" id="expand">Expand all</button>'
                     '<button type="button" id="collapse">Collapse all</button></div>'
                     f'<p class="showing" id="showing">{n_with} files</p>\n')
        if not n_with:
            stream.write('<p class="clean">No findings. All checks passed.</p>')
        spool.seek(0)
        shutil.copyfileobj(spool, stream)
        stream.write("</section>\n")
    stream.write(_rules_section(rules, by_rule))
    stream.write(_FOOT)


def _head(title: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<meta name="generator" content="artlint {_e(VERSION)}">'
            f"<title>{_e(title)}</title><style>{_CSS}</style></head>\n<body>"
            f'<header><h1>{_e(title)}</h1><span class="ver">artlint {_e(VERSION)}</span></header><main>\n')


def _summary(n_files, n_with, n_errors, total, n_fixable, by_rule, fixable, names, sev_of, by_folder,
             files_by_folder, rules) -> str:
    cards = (f'<div class="cards">'
             f'<div class="card"><div class="num" id="total-files">{n_files}</div><div>files checked</div></div>'
             f'<div class="card"><div class="num" id="files-with-findings">{n_with}</div>'
             f'<div>files with findings</div></div>'
             f'<div class="card accent"><div class="num" id="total-findings">{total}</div><div>findings</div></div>'
             f'<div class="card"><div class="num" id="total-fixable">{n_fixable}</div>'
             f'<div>fixable with <code>artlint fix</code></div></div>'
             + (f'<div class="card bad"><div class="num" id="total-errors">{n_errors}</div>'
                f'<div>files not checked</div></div>' if n_errors else "")
             + "</div>")
    top = max(by_rule.values(), default=1)
    rows = []
    for code, n in sorted(by_rule.items(), key=lambda x: (-x[1], x[0])):
        rule = rules.get(code)
        summary = rule.info()["summary"] if rule is not None else ""
        rows.append(
            f'<tr data-rule="{_e(code)}"><td><a class="code" href="#{_anchor(code)}">{_e(code)}</a></td>'
            f'<td><a href="#{_anchor(code)}">{_e(names.get(code, ""))}</a> <span class="sum">{_e(summary)}</span></td>'
            f'<td><span class="tag {_e(sev_of.get(code, ""))}">{_e(sev_of.get(code, ""))}</span></td>'
            f'<td class="count">{n}</td><td class="count fixable">{fixable.get(code, 0)}</td>'
            f'<td class="barcell"><span class="meter" style="width:{max(2, round(100 * n / top))}%"></span></td>'
            f'<td><button type="button" class="show" data-rule="{_e(code)}" title="Show the files with {_e(code)}">'
            'files</button></td></tr>')
    by_rule_html = ('<section id="by-rule"><h2>By rule</h2><table class="summary rules"><thead><tr><th>Code</th>'
                    '<th>Rule</th><th>Severity</th><th>Findings</th><th>Fixable</th><th></th><th></th></tr></thead>'
                    f'<tbody>{"".join(rows)}</tbody></table></section>') if rows else ""
    ftop = max(by_folder.values(), default=1)
    frows = "".join(
        f'<tr data-folder="{_e(f)}"><td class="path">{_e(f)}</td><td class="count">{files_by_folder[f]}</td>'
        f'<td class="count">{n}</td><td class="barcell"><span class="meter" '
        f'style="width:{max(2, round(100 * n / ftop))}%"></span></td></tr>'
        for f, n in sorted(by_folder.items(), key=lambda x: (-x[1], x[0])))
    by_folder_html = ('<section id="by-folder"><h2>By folder</h2><table class="summary folders"><thead><tr>'
                      '<th>Folder</th><th>Files</th><th>Findings</th><th></th></tr></thead>'
                      f'<tbody>{frows}</tbody></table></section>') if frows else ""
    return f'<section id="summary">{cards}<div class="two">{by_rule_html}{by_folder_html}</div></section>\n'


def _rules_section(rules, by_rule: Counter) -> str:
    shown = [r for code, r in rules.items() if code in by_rule]
    if not shown:
        return ""
    parts = ['<section id="rules"><h2>Rules</h2>']
    for r in shown:
        info = r.info()
        fix = {"safe": "safe fix", "unsafe": "unsafe fix", "both": "safe and unsafe fixes"}.get(r.fix or "", "no fix")
        doc = r.doc
        body = doc.split("\n", 1)[1] if "\n" in doc else ""
        parts.append(f'<article class="rule" id="{_anchor(r.code)}"><h3><span class="code">{_e(r.code)}</span> '
                     f'{_e(r.name)}</h3><p class="meta">{_e(info["summary"])} · groups: '
                     f'{_e(", ".join(r.groups) or "none")} · {_e(fix)}</p>{_render_doc(body)}</article>')
    parts.append("</section>\n")
    return "".join(parts)


_CSS = """
:root{--bg:#f6f7f9;--fg:#1d2330;--muted:#667085;--card:#fff;--line:#e4e7ec;--accent:#3454d1;--err:#c0362c;
--warn:#b7791f;--info:#2f80a8;--del:#fde8e7;--delx:#f5b5b0;--ins:#e6f6ea;--insx:#9bd8aa;--mark:#fff1a8}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,
"Noto Sans","Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif}
header{background:#111827;color:#fff;padding:14px 28px;display:flex;align-items:baseline;gap:14px}
header h1{margin:0;font-size:20px;font-weight:600}.ver{color:#9ca3af;font-size:12px}
main{max-width:1200px;margin:0 auto;padding:20px 28px 60px}
h2{font-size:16px;margin:0 0 10px}
a{color:var(--accent);text-decoration:none}a:hover{text-decoration:underline}
code,pre,.code,.src,.path,.pos{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Noto Sans Mono CJK SC",monospace}
.cards{display:flex;gap:12px;flex-wrap:wrap;margin-bottom:18px}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:12px 18px;min-width:150px;
color:var(--muted)}
.card .num{font-size:26px;font-weight:700;color:var(--fg)}.card.accent .num{color:var(--accent)}
.card.bad .num{color:var(--err)}
.two{display:grid;grid-template-columns:2fr 1fr;gap:16px;align-items:start}
@media (max-width:900px){.two{grid-template-columns:1fr}}
section#by-rule,section#by-folder,section#files,section#rules{background:var(--card);border:1px solid var(--line);
border-radius:10px;padding:14px 16px;margin-bottom:16px}
table.summary{width:100%;border-collapse:collapse}
table.summary th{text-align:left;color:var(--muted);font-weight:500;font-size:12px;border-bottom:1px solid var(--line);
padding:4px 6px}
table.summary td{padding:5px 6px;border-bottom:1px solid var(--line);vertical-align:top}
td.count{text-align:right;font-variant-numeric:tabular-nums}td.fixable{color:var(--muted)}
.sum{color:var(--muted);font-size:12px}.sum::before{content:"— "}button.show{white-space:nowrap}
.barcell{width:22%}.meter{display:block;height:8px;border-radius:4px;background:var(--accent);opacity:.75;margin-top:6px}
.tag{display:inline-block;font-size:11px;border-radius:9px;padding:0 7px;border:1px solid currentColor}
.tag.error{color:var(--err)}.tag.warning{color:var(--warn)}.tag.info{color:var(--info)}
.tag.safe{color:#2f855a}.tag.unsafe{color:var(--warn)}
button{font:inherit;font-size:12px;border:1px solid var(--line);background:#fff;border-radius:6px;padding:2px 9px;
cursor:pointer}button:hover{border-color:var(--accent);color:var(--accent)}
.bar{display:flex;gap:8px;align-items:center;flex-wrap:wrap}.bar h2{margin:0 auto 0 0}
#filter{font:inherit;padding:4px 9px;border:1px solid var(--line);border-radius:6px;min-width:260px}
.showing{color:var(--muted);font-size:12px;margin:6px 0}
details.file{border:1px solid var(--line);border-radius:8px;margin:6px 0;background:#fff}
details.file>summary{cursor:pointer;padding:7px 10px;display:flex;gap:10px;align-items:center;list-style:none}
details.file>summary::before{content:"▸";color:var(--muted)}details.file[open]>summary::before{content:"▾"}
details.file[open]>summary{border-bottom:1px solid var(--line);background:#fafbfc}
.path{word-break:break-all}.badges{margin-left:auto;display:flex;gap:6px;white-space:nowrap}
.badge{font-size:11px;border-radius:9px;padding:0 8px;color:#fff;background:var(--muted)}
.badge.error{background:var(--err)}.badge.warning{background:var(--warn)}.badge.info{background:var(--info)}
.findings{padding:4px 10px 10px}
.finding{border-left:3px solid var(--err);padding:6px 10px;margin:10px 0;background:#fcfcfd}
.finding.sev-warning{border-color:var(--warn)}.finding.sev-info{border-color:var(--info)}
.finding .head{display:flex;gap:8px;align-items:baseline;flex-wrap:wrap}
.finding .code{font-weight:700}.finding .name{color:var(--muted)}.finding .msg{flex:1 1 300px}
.finding .pos{color:var(--muted);font-size:12px}
table.code{border-collapse:collapse;margin-top:6px;width:100%;table-layout:fixed;background:#f8f9fb;border-radius:6px}
table.code td{padding:1px 8px;font-size:12.5px;vertical-align:top}
td.ln{width:52px;text-align:right;color:#98a2b3;user-select:none;border-right:1px solid var(--line)}
td.src{white-space:pre-wrap;word-break:break-all}tr.hit td.ln{color:var(--fg);font-weight:600}
mark{background:var(--mark);border-radius:2px;outline:1px solid #f0d54a}
.cut{color:#98a2b3;font-style:italic}.ws{color:#7a5c00;font-weight:600}
.fix{margin-top:8px}.fixtitle{font-size:12px;color:var(--muted);margin-bottom:3px}
.diff{border:1px solid var(--line);border-radius:6px;overflow:hidden;font-size:12.5px}
.diff>div{display:flex;gap:8px;padding:2px 8px}.diff code{white-space:pre-wrap;word-break:break-all}
.minus{background:var(--del)}.plus{background:var(--ins)}.sign{width:10px;color:var(--muted);flex:none}
del{background:var(--delx);text-decoration:line-through;text-decoration-color:#a33}
ins{background:var(--insx);text-decoration:none}
.nosrc,.error-line{color:var(--err)}
.clean{color:#2f855a;font-weight:600}
article.rule{border-top:1px solid var(--line);padding:8px 0}article.rule:target{background:#fffbe6}
article.rule h3{margin:6px 0 2px;font-size:15px}article.rule .meta{color:var(--muted);margin:0 0 6px;font-size:12px}
article.rule h4{margin:12px 0 4px;font-size:13px}
pre.example{background:#f8f9fb;border:1px solid var(--line);border-radius:6px;padding:8px;overflow:auto;
white-space:pre-wrap;word-break:break-all}
.hidden{display:none}
"""

_JS = """
(function(){
  var files=[].slice.call(document.querySelectorAll('details.file'));
  var box=document.getElementById('filter'),showing=document.getElementById('showing');
  function apply(){
    var q=(box.value||'').trim().toLowerCase(),n=0;
    files.forEach(function(f){
      var hit=!q||f.dataset.path.toLowerCase().indexOf(q)>=0||(' '+f.dataset.rules.toLowerCase()+' ').indexOf(' '+q+' ')>=0;
      f.classList.toggle('hidden',!hit);
      if(hit)n++;
      [].forEach.call(f.querySelectorAll('.finding'),function(x){
        var r=x.dataset.rule;x.classList.toggle('hidden',!!q&&/^[a-z]+[0-9]+$/.test(q)&&r&&r.toLowerCase()!==q);
      });
    });
    showing.textContent=n+' of '+files.length+' files';
  }
  if(box){box.addEventListener('input',apply);}
  var ex=document.getElementById('expand'),co=document.getElementById('collapse');
  if(ex)ex.onclick=function(){files.forEach(function(f){if(!f.classList.contains('hidden'))f.open=true;});};
  if(co)co.onclick=function(){files.forEach(function(f){f.open=false;});};
  [].forEach.call(document.querySelectorAll('button.show'),function(b){
    b.onclick=function(){box.value=b.dataset.rule;apply();document.getElementById('files').scrollIntoView();};
  });
  [].forEach.call(document.querySelectorAll('#by-folder tr[data-folder]'),function(tr){
    tr.style.cursor='pointer';
    tr.onclick=function(){box.value=tr.dataset.folder==='.'?'':tr.dataset.folder+'/';apply();
      document.getElementById('files').scrollIntoView();};
  });
})();
"""

_FOOT = f"</main><script>{_JS}</script></body></html>\n"
