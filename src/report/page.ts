// One self-contained HTML page: sections of prose, tables and charts, with uPlot and the chart script
// inlined and the chart data embedded as JSON. No math here: numbers arrive computed.

import type { Chart, Table } from '../index.js';
import { uplotAssets } from './assets.js';
import { type PlacedChart, renderCharts } from './client.js';
import { formatCell } from './format.js';

export interface ReportSection {
  readonly id: string;
  readonly title: string;
  /** paragraphs before the findings */
  readonly intro?: readonly string[];
  /** bullet points: what came out */
  readonly findings?: readonly string[];
  readonly tables: readonly Table[];
  readonly charts: readonly Chart[];
  /** markup made by a page of its own (escaped there), after the tables: a table with links, say */
  readonly html?: string;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON safe inside <script>: no '<' can close the element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

function tableHtml(t: Table): string {
  const head = t.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('');
  const body = t.rows
    .map((r) => {
      const cells = r.map((c) => {
        const text = escapeHtml(formatCell(c));
        const cls =
          typeof c === 'number'
            ? ' class="num"'
            : /ERRATUM|diverged|yes$/.test(String(c))
              ? ' class="flag"'
              : '';
        return `<td${cls}>${text}</td>`;
      });
      return `<tr>${cells.join('')}</tr>`;
    })
    .join('\n');
  const note = t.note ? `<p class="note">${escapeHtml(t.note)}</p>` : '';
  return `<figure class="table"><figcaption>${escapeHtml(t.title)}</figcaption><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>${note}</figure>`;
}

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;color:#222;margin:0 auto;max-width:1100px;padding:16px 24px}
h1{font-size:22px;margin:8px 0}h2{font-size:18px;margin:28px 0 6px;border-bottom:1px solid #ddd;padding-bottom:4px}
nav a{margin-right:12px}p.claim{color:#444;font-style:italic}ul.findings li{margin:2px 0}
figure{margin:14px 0}figcaption{font-weight:600;margin-bottom:4px}
table{border-collapse:collapse;font-size:13px}th,td{border:1px solid #ddd;padding:3px 8px}th{background:#f4f4f4}
td.num{text-align:right;font-variant-numeric:tabular-nums}td.flag{color:#b00020;font-weight:600}
p.note{font-size:12px;color:#555;margin:4px 0}.charts{display:flex;flex-wrap:wrap;gap:18px}
.chart-box{flex:1 1 520px;min-width:340px}.chart{min-height:120px}.colorbar{margin-top:4px}
footer{margin-top:32px;color:#777;font-size:12px}`;

export function renderPage(title: string, sections: readonly ReportSection[], footer = ''): string {
  const { js, css } = uplotAssets();
  const placed: PlacedChart[] = [];
  const body = sections.map((s) => {
    const intro = (s.intro ?? []).map((p) => `<p class="claim">${escapeHtml(p)}</p>`).join('');
    const findings = s.findings?.length
      ? `<ul class="findings">${s.findings.map((f) => `<li>${escapeHtml(f)}</li>`).join('')}</ul>`
      : '';
    const charts = s.charts.map((chart) => {
      const id = `chart-${placed.length}`;
      placed.push({ id, chart });
      return `<figure class="chart-box"><figcaption>${escapeHtml(chart.title)}</figcaption><div class="chart" id="${id}" data-kind="${chart.kind}"></div></figure>`;
    });
    return `<section id="${escapeHtml(s.id)}"><h2>${escapeHtml(s.title)}</h2>${intro}${findings}${s.tables.map(tableHtml).join('')}${s.html ?? ''}<div class="charts">${charts.join('')}</div></section>`;
  });
  const nav =
    sections.length > 1
      ? `<nav>${sections.map((s) => `<a href="#${escapeHtml(s.id)}">${escapeHtml(s.title)}</a>`).join('')}</nav>`
      : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${css}</style><style>${STYLE}</style></head>
<body><h1>${escapeHtml(title)}</h1>${nav}
${body.join('\n')}
<footer>${escapeHtml(footer)}</footer>
<script type="application/json" id="gradscope-charts">${scriptJson(placed)}</script>
<script>${js}</script>
<script>(${renderCharts.toString()})(uPlot, JSON.parse(document.getElementById('gradscope-charts').textContent));</script>
</body></html>
`;
}
