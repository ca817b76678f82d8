// Charts drawn as SVG by our own code: vertical bars (counts per day), horizontal bars
// (rates, categories) and a ring (a share). Each has a title and a text alternative.
import { svg } from './dom.js';

/** Vertical bars: items [{label, value}]. */
export function columnChart(title, items, { format = String } = {}) {
  const width = 560, height = 220, left = 36, bottom = 28, top = 14;
  const max = Math.max(1, ...items.map((i) => i.value));
  const slot = (width - left) / Math.max(1, items.length);
  const scale = (v) => ((height - bottom - top) * v) / max;
  const ticks = [0, Math.ceil(max / 2), max];
  return svg('svg', { class: 'chart', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': describe(title, items, format) },
    svg('title', {}, title),
    ticks.map((v) => [svg('line', { class: 'axis', x1: left, x2: width, y1: height - bottom - scale(v), y2: height - bottom - scale(v) }),
      svg('text', { x: left - 6, y: height - bottom - scale(v) + 4, 'text-anchor': 'end' }, format(v))]),
    items.map((item, i) => {
      const x = left + i * slot + slot * 0.15, h = scale(item.value);
      return [svg('rect', { class: 'bar', x, y: height - bottom - h, width: slot * 0.7, height: Math.max(h, 0.5) },
        svg('title', {}, `${item.label}: ${format(item.value)}`)),
      svg('text', { x: x + slot * 0.35, y: height - bottom + 16, 'text-anchor': 'middle' }, item.label),
      item.value ? svg('text', { x: x + slot * 0.35, y: height - bottom - h - 4, 'text-anchor': 'middle' }, format(item.value)) : null];
    }));
}

/** Horizontal bars: items [{label, value, max?, kind?}] — rates run to 1, counts to the largest. */
export function barChart(title, items, { format = String, max } = {}) {
  const row = 26, left = 120, width = 560, height = Math.max(1, items.length) * row + 8;
  const top = max ?? Math.max(1, ...items.map((i) => i.value ?? 0));
  return svg('svg', { class: 'chart', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': describe(title, items, format) },
    svg('title', {}, title),
    items.map((item, i) => {
      const y = 4 + i * row, w = item.value === null ? 0 : ((width - left - 60) * item.value) / top;
      return [svg('text', { x: left - 8, y: y + 16, 'text-anchor': 'end' }, item.label),
        svg('rect', { class: `bar ${item.kind || ''}`, x: left, y: y + 3, width: Math.max(w, 0.5), height: row - 8 }),
        svg('text', { x: left + w + 6, y: y + 16 }, item.value === null ? '—' : format(item.value))];
    }));
}

/** A ring showing `part` of `whole`, the percentage in the middle. */
export function ringChart(title, part, whole) {
  const r = 52, c = 2 * Math.PI * r, share = whole ? part / whole : 0;
  const text = whole ? `${Math.round(share * 100)}%` : '—';
  return svg('svg', { class: 'chart ring', viewBox: '0 0 140 140', width: 140, role: 'img', 'aria-label': `${title}: ${text} (${part}/${whole})` },
    svg('title', {}, title),
    svg('circle', { cx: 70, cy: 70, r, fill: 'none', stroke: '#d0d7de', 'stroke-width': 16 }),
    svg('circle', { cx: 70, cy: 70, r, fill: 'none', stroke: '#1a7f37', 'stroke-width': 16, 'stroke-dasharray': `${c * share} ${c}`,
      transform: 'rotate(-90 70 70)' }),
    svg('text', { x: 70, y: 76, 'text-anchor': 'middle', 'font-size': 20, 'font-weight': 700 }, text));
}

function describe(title, items, format) {
  return `${title}: ${items.map((i) => `${i.label} ${i.value === null ? '—' : format(i.value)}`).join(', ')}`;
}

/** 0.8734 → "87.3%". */
export function percent(value) {
  return value === null || value === undefined ? '—' : `${(value * 100).toFixed(value === 1 || value === 0 ? 0 : 1)}%`;
}
