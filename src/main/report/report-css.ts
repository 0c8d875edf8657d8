/**
 * The report's only styling, inline (its CSP allows nothing else): a document for screen and paper.
 * One family for all text (Noto Sans, with Noto's CJK and colour emoji fonts as fallbacks: .ci/run
 * installs them) and one for code.
 */
export const REPORT_CSS = `
:root { --sans: "Noto Sans", "DejaVu Sans", "Noto Sans CJK JP", "Noto Sans CJK SC", "Noto Sans CJK KR", "Noto Color Emoji", Arial, sans-serif;
  --mono: "DejaVu Sans Mono", "Noto Sans Mono", "Noto Sans Mono CJK JP", "Noto Color Emoji", Menlo, Consolas, monospace;
  --ink: #1b1f24; --muted: #5b6570; --rule: #d0d5db; --band: #f3f5f7; --accent: #1f3a5f; --bad: #9b1c1c; --good: #1e6b3a; }
* { box-sizing: border-box; }
html { font-size: 10.5pt; }
body { margin: 0 auto; max-width: 60rem; padding: 2.5rem 2.5rem 4rem; color: var(--ink); background: #fff;
  font-family: var(--sans); line-height: 1.45; }
header.title { border-bottom: 3px solid var(--accent); padding-bottom: 1rem; margin-bottom: 1.5rem; }
header .kicker { text-transform: uppercase; letter-spacing: .12em; font-size: .75rem; color: var(--muted); margin: 0; }
h1 { font-size: 1.9rem; margin: .25rem 0 .5rem; color: var(--accent); font-weight: 650; }
h2 { font-size: 1.3rem; color: var(--accent); border-bottom: 1px solid var(--rule); padding-bottom: .25rem; margin: 2rem 0 .75rem; }
h3 { font-size: 1.02rem; margin: 1.25rem 0 .5rem; }
p.description { margin: .25rem 0 0; white-space: pre-wrap; }
dl.fields { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1.25rem; margin: .75rem 0; }
dl.fields dt { color: var(--muted); font-size: .85rem; }
dl.fields dd { margin: 0; overflow-wrap: anywhere; }
table { width: 100%; border-collapse: collapse; margin: .5rem 0 1rem; font-size: .9rem; }
thead { display: table-header-group; }
th { text-align: left; font-weight: 600; font-size: .8rem; color: var(--muted); border-bottom: 1.5px solid var(--ink); padding: .3rem .5rem; }
td { border-bottom: 1px solid var(--rule); padding: .3rem .5rem; vertical-align: top; overflow-wrap: break-word; }
/* Dates and ids never break inside ("captur/e"); an address or e-mail breaks only at its punctuation. */
td.when, td.id, .nowrap { white-space: nowrap; }
table td.when, table td.target { font-size: .72rem; }
/* A target id (a UUID) wraps anywhere rather than at each hyphen: two lines at most, not five. */
td.target { word-break: break-all; }
td.who { overflow-wrap: normal; word-break: normal; }
tr { break-inside: avoid; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
code, pre, .mono { font-family: var(--mono); font-size: .82rem; }
td.cmd pre { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
pre.output { margin: .25rem 0 0; padding: .3rem .5rem; background: var(--band); border-left: 2px solid var(--rule); color: #333; white-space: pre-wrap; overflow-wrap: anywhere; }
pre.transcript { padding: .75rem; background: var(--band); border: 1px solid var(--rule); white-space: pre-wrap; overflow-wrap: anywhere; }
.hash { font-family: var(--mono); font-size: .75rem; overflow-wrap: anywhere; }
/* The manifest: a source's hash on one line under its path (64 characters fit; five lines did not). */
td.source { overflow-wrap: anywhere; }
/* A path's parts (render-html pathHtml) are boxes: a file name moves whole to the next line. */
td.source .part { display: inline-block; max-width: 100%; }
table.sources td.source .hash { white-space: nowrap; }
.muted, .meta { color: var(--muted); }
.meta { font-size: .8rem; }
.status-ok { color: var(--good); font-weight: 600; }
.status-bad { color: var(--bad); font-weight: 600; }
section.session { margin-top: 2rem; }
p.note { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.tag { display: inline-block; padding: 0 .4rem; border: 1px solid var(--rule); border-radius: .6rem; font-size: .75rem; white-space: nowrap; }
section.program { margin-left: 0; padding-left: .75rem; border-left: 3px solid var(--band); }
pre.machine { font-size: .7rem; white-space: pre-wrap; overflow-wrap: anywhere; color: var(--muted); border: 1px dashed var(--rule); padding: .5rem; }
footer { margin-top: 3rem; border-top: 1px solid var(--rule); padding-top: .5rem; font-size: .8rem; color: var(--muted); }
@page { size: A4; margin: 18mm 14mm 18mm 14mm; }
@media print {
  html { font-size: 9.5pt; }
  body { max-width: none; padding: 0; }
  section.session { break-before: page; }
  section.manifest { break-before: page; }
  h2, h3 { break-after: avoid; }
  pre.output, pre.transcript { break-inside: auto; }
}
`;
