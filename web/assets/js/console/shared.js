// Pieces several console views use: badges, clocks, the complaint summary row.
import { h } from '../dom.js';
import { label, t } from '../i18n.js';
import { clockState, when } from '../time.js';

export function severityBadge(severity) {
  return severity ? h('span', { class: `badge ${severity}` }, label('severity', severity)) : null;
}

export function statusBadge(status) {
  return h('span', { class: 'badge' }, label('status', status));
}

/** The most pressing unmet clock of a complaint, in words. */
export function nextClock(c) {
  const open = Object.entries(c.deadlines || {}).filter(([, d]) => !d.metAt).sort((a, b) => Date.parse(a[1].dueAt) - Date.parse(b[1].dueAt));
  if (!open.length) return h('span', { class: 'muted' }, '—');
  const [clock, deadline] = open[0];
  const state = clockState(deadline);
  return h('span', {}, label('clock', clock), ': ', h('span', { class: `clock-state ${state.kind}` }, state.text),
    h('br'), h('span', { class: 'muted' }, when(deadline.dueAt)));
}

/** A table of complaints (work queue, visits) with a link to each. */
export function complaintTable(items, { fresh = new Set(), extra } = {}) {
  return h('div', { class: 'table-wrap' }, h('table', {},
    h('thead', {}, h('tr', {}, ['colId', 'colSeverity', 'colStatus', 'colWhere', 'colContent', 'colDue', 'colHandler']
      .map((key) => h('th', { scope: 'col' }, t(key))), extra ? h('th', { scope: 'col' }, extra.title) : null)),
    h('tbody', {}, items.map((c) => h('tr', { class: fresh.has(c.id) ? 'fresh' : null, dataset: { id: c.id } },
      h('td', {}, h('a', { href: `/console/complaints/${encodeURIComponent(c.id)}` }, c.id)),
      h('td', {}, severityBadge(c.severity) || h('span', { class: 'muted' }, '—'), c.urgent ? [' ', h('span', { class: 'badge major' }, '!')] : null),
      h('td', {}, label('status', c.status)),
      h('td', {}, `${c.complainant.estate} ${c.complainant.building}-${c.complainant.unit}`),
      h('td', {}, excerpt(c.content)),
      h('td', {}, nextClock(c)),
      h('td', {}, c.handler || h('span', { class: 'muted' }, '—')),
      extra ? h('td', {}, extra.cell(c)) : null)))));
}

export function excerpt(text, length = 60) {
  return text.length > length ? `${text.slice(0, length)}…` : text;
}
