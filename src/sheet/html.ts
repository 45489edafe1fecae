// One self-contained HTML page: inline CSS and JS, no network. A search box (the CLI's matcher, embedded),
// tool toggles hiding columns, stacked cells on phones, print styles.
import type { Tables } from '../tables.js';
import type { Cell, Row, Sheet } from './rows.js';
import { matchQuery, searchText, searchWords } from './search.js';

export const esc = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Tool names become CSS class names. */
const cls = (tool: string): string => `t-${tool.replace(/[^A-Za-z0-9_-]/g, '_')}`;

function cellHtml(tool: string, cell: Cell): string {
  const note = cell.note === null ? '' : `<div class="note">${esc(cell.note)}</div>`;
  const label = `<span class="label">${esc(tool)}</span>`;
  if (cell.status === 'unsupported') return `<td class="${cls(tool)} unsupported" data-tool="${esc(tool)}">${label}<span class="mark none">none</span>${note}</td>`;
  const mark = cell.status === 'partial' ? '<span class="mark partial" title="partial: see the note">~</span> ' : '';
  return `<td class="${cls(tool)} ${cell.status}" data-tool="${esc(tool)}">${label}${mark}<code>${esc(cell.command!)}</code>${note}</td>`;
}

function rowHtml(tables: Tables, sheet: Sheet, row: Row): string {
  const words = searchWords(tables, row).join(' ');
  return (
    `<tr id="${esc(row.concept)}" data-words="${esc(words)}" data-text="${esc(searchText(row))}">` +
    `<th scope="row" class="concept"><div class="summary">${esc(row.summary)}</div><code class="id">${esc(row.concept)}</code></th>` +
    sheet.tools.map((t) => cellHtml(t, row.cells[t]!)).join('') +
    '</tr>'
  );
}

const CSS = (tools: string[]): string => `
:root{--bg:#fff;--fg:#1b1f24;--muted:#5c6670;--line:#d5dbe1;--head:#f3f5f7;--code:#f6f8fa;--partial:#9a6700;--none:#b42318;--accent:#0b63c4}
@media (prefers-color-scheme:dark){:root{--bg:#0f1216;--fg:#e6e9ec;--muted:#9aa4ae;--line:#2c333a;--head:#181c21;--code:#1c2128;--partial:#e3b341;--none:#ff7b72;--accent:#58a6ff}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;padding:1rem;background:var(--bg);color:var(--fg);font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
h1{font-size:1.5rem;margin:0 0 .25rem}
h2{font-size:1.15rem;margin:1.5rem 0 .5rem}
.sub,.legend,.count{color:var(--muted);margin:.25rem 0}
.controls{position:sticky;top:0;z-index:2;background:var(--bg);padding:.5rem 0;display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;border-bottom:1px solid var(--line)}
#q{flex:1 1 16rem;min-width:0;font:inherit;padding:.45rem .6rem;border:1px solid var(--line);border-radius:6px;background:var(--bg);color:var(--fg)}
fieldset{border:0;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem .75rem}
legend{float:left;margin-right:.5rem;color:var(--muted)}
label{white-space:nowrap;cursor:pointer}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}
table{border-collapse:collapse;width:100%}
th,td{border:1px solid var(--line);padding:.4rem .5rem;text-align:left;vertical-align:top}
thead th{background:var(--head);position:sticky;top:0}
th.concept{min-width:11rem;font-weight:normal}
.summary{font-weight:600}
code{font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;white-space:pre-wrap;overflow-wrap:anywhere}
td code{background:var(--code);padding:.05rem .25rem;border-radius:4px}
code.id{color:var(--muted);font-size:12px}
.mark{font-weight:700}
.mark.partial{color:var(--partial)}
.mark.none{color:var(--none);font-weight:600}
.note{color:var(--muted);font-size:12.5px;margin-top:.25rem;max-width:22rem}
td{min-width:9.5rem}
td.partial .note{color:var(--partial)}
.label{display:none}
[hidden]{display:none!important}
${tools.map((t) => `body.hide-${cls(t)} .${cls(t)}`).join(',')}{display:none}
@media screen and (max-width:640px){
  body{padding:.5rem}
  table,thead,tbody,tr,th,td{display:block;width:100%}
  thead{position:absolute;left:-9999px}
  tr{border:1px solid var(--line);border-radius:8px;margin:0 0 .75rem;overflow:hidden}
  th,td{border:0;border-top:1px solid var(--line);min-width:0}
  .note{max-width:none}
  th.concept{border-top:0;background:var(--head)}
  .label{display:block;font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
}
@media print{
  @page{size:A4 landscape;margin:10mm}
  body{padding:0;font-size:9pt;color:#000;background:#fff}
  .controls,.count{display:none}
  .scroll{overflow:visible}
  thead{display:table-header-group}
  thead th{position:static}
  tr{break-inside:avoid}
  h2{break-after:avoid}
  code{font-size:8pt}
  td code{background:none;padding:0}
  .note{font-size:8pt;max-width:none}
  .note,.mark.partial,.mark.none,td.partial .note{color:#333}
}`;

// The page's script: the CLI's own matcher (its source text), a tiny Levenshtein, filtering and toggles.
const SCRIPT = (): string => `
(function(){
"use strict";
var matchQuery = ${matchQuery.toString()};
function lev(a,b){var m=a.length,n=b.length,prev=[],cur=[],i,j;for(j=0;j<=n;j++)prev[j]=j;for(i=1;i<=m;i++){cur=[i];for(j=1;j<=n;j++){cur[j]=Math.min(prev[j]+1,cur[j-1]+1,prev[j-1]+(a[i-1]===b[j-1]?0:1));}prev=cur;}return prev[n];}
var rows=[].slice.call(document.querySelectorAll("tbody tr[data-words]"));
var index=rows.map(function(r){return {r:r,words:r.getAttribute("data-words").split(" "),text:r.getAttribute("data-text")};});
var sections=[].slice.call(document.querySelectorAll("section.topic"));
var q=document.getElementById("q"),empty=document.getElementById("empty"),count=document.getElementById("count");
function apply(){
  var v=q.value;
  var hits=[];
  ["words","fuzzy"].some(function(level){hits=index.filter(function(x){return matchQuery(v,x.words,x.text,lev,level);});return hits.length>0;});
  var keep=new Set(hits.map(function(h){return h.r;}));
  rows.forEach(function(r){r.hidden=!keep.has(r);});
  sections.forEach(function(s){s.hidden=!s.querySelector("tbody tr:not([hidden])");});
  empty.hidden=hits.length>0;
  count.textContent=hits.length+" of "+rows.length+" concepts";
}
q.addEventListener("input",apply);
[].slice.call(document.querySelectorAll("#tools input[type=checkbox]")).forEach(function(cb){
  function sync(){document.body.classList.toggle("hide-"+cb.getAttribute("data-class"),!cb.checked);}
  cb.addEventListener("change",sync);sync();
});
if(q.value)apply();
})();`;

export interface HtmlOptions {
  title?: string;
}

export function renderHtml(sheet: Sheet, tables: Tables, opts: HtmlOptions = {}): string {
  const title = opts.title ?? 'crossctl cheat sheet';
  const versions = sheet.tools.map((t) => {
    const v = sheet.rows.map((r) => r.cells[t]?.version).find(Boolean);
    return v ? `${t} ${v}` : t;
  });
  const head = `<thead><tr><th scope="col" class="concept">concept</th>${sheet.tools.map((t) => `<th scope="col" class="${cls(t)}">${esc(t)}</th>`).join('')}</tr></thead>`;
  const sections = sheet.topics
    .map((topic) => {
      const rows = sheet.rows.filter((r) => r.topic === topic.id);
      return (
        `<section class="topic" id="topic-${esc(topic.id)}"><h2>${esc(topic.title)}</h2>` +
        `<div class="scroll"><table>${head}<tbody>\n${rows.map((r) => rowHtml(tables, sheet, r)).join('\n')}\n</tbody></table></div></section>`
      );
    })
    .join('\n');
  const toggles = sheet.tools
    .map((t) => `<label><input type="checkbox" checked value="${esc(t)}" data-class="${cls(t)}"> ${esc(t)}</label>`)
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${esc(title)}</title>
<style>${CSS(sheet.tools)}
</style>
</head>
<body>
<header>
<h1>${esc(title)}</h1>
<p class="sub">Each row is one example command, translated by crossctl from its mapping tables to ${esc(versions.join(', '))}.</p>
<p class="legend"><span class="mark partial">~</span> partial: works, with the caveat in the note · <span class="mark none">none</span>: no equivalent, the note says why and what comes closest</p>
</header>
<div class="controls">
<input id="q" type="search" placeholder="Search commands, flags, concepts… (typos are fine)" aria-label="Search the cheat sheet" autocomplete="off">
<fieldset id="tools"><legend>Tools</legend>${toggles}</fieldset>
</div>
<p class="count" id="count">${sheet.rows.length} of ${sheet.rows.length} concepts</p>
<main>
${sections}
<p id="empty"${sheet.rows.length ? ' hidden' : ''}>No concept matches.</p>
</main>
<script>${SCRIPT()}
</script>
</body>
</html>
`;
}
