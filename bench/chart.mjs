// A small SVG bar chart of a benchmark summary, no chart library: one panel per workload,
// one bar per contender, bar length = median req/s, label = req/s and ratio to raw undici.
// Used by bench/run.mjs; also `node bench/chart.mjs bench/results/latest.json > out.svg`.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const COLORS = {
  generated: '#1b7f3b',
  session: '#2ca25f',
  undici: '#333333',
  fetch: '#6a51a3',
  axios: '#3182bd',
  got: '#e6550d',
  'node-fetch': '#969696',
  'py-requests': '#c994c7',
  'py-aiohttp': '#dd1c77',
};

function escape(text) {
  return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function fmt(n) {
  return n >= 10000 ? Math.round(n / 100) / 10 + 'k' : String(Math.round(n));
}

/** summary: { title, subtitle, workloads: [{ id, label, rows: [{ contender, rps, ratio }] }] } */
export function renderSvg(summary) {
  const width = 900;
  const labelWidth = 120;
  const barMax = width - labelWidth - 170;
  const barHeight = 16;
  const gap = 4;
  const out = [];
  let y = 56;
  for (const workload of summary.workloads) {
    const rows = workload.rows.filter((row) => Number.isFinite(row.rps));
    if (rows.length === 0) continue;
    const max = Math.max(...rows.map((row) => row.rps));
    out.push(`<text x="10" y="${y + 12}" font-weight="bold" font-size="13">${escape(workload.label)}</text>`);
    y += 20;
    for (const row of rows) {
      const w = Math.max(1, (row.rps / max) * barMax);
      const color = COLORS[row.contender] ?? '#777777';
      out.push(`<text x="${labelWidth - 6}" y="${y + 12}" text-anchor="end" font-size="12">${escape(row.contender)}</text>`);
      out.push(`<rect x="${labelWidth}" y="${y}" width="${w.toFixed(1)}" height="${barHeight}" fill="${color}"/>`);
      const ratio = Number.isFinite(row.ratio) ? `  ${row.ratio.toFixed(2)}× undici` : '';
      out.push(`<text x="${(labelWidth + w + 6).toFixed(1)}" y="${y + 12}" font-size="12">${fmt(row.rps)} req/s${ratio}</text>`);
      y += barHeight + gap;
    }
    // Where raw undici ends, for the eye.
    const limit = rows.find((row) => row.contender === 'undici');
    if (limit !== undefined) {
      const x = labelWidth + (limit.rps / max) * barMax;
      const top = y - rows.length * (barHeight + gap);
      out.push(`<line x1="${x.toFixed(1)}" y1="${top - 2}" x2="${x.toFixed(1)}" y2="${y - gap + 2}" stroke="#000" stroke-dasharray="3,3"/>`);
    }
    y += 14;
  }
  const height = y + 10;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="10" y="22" font-size="16" font-weight="bold">${escape(summary.title)}</text>`,
    `<text x="10" y="40" font-size="11" fill="#555">${escape(summary.subtitle)}</text>`,
    ...out,
    '</svg>',
    '',
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const data = JSON.parse(readFileSync(process.argv[2] ?? new URL('./results/latest.json', import.meta.url), 'utf8'));
  process.stdout.write(renderSvg(data.chart));
}
