// Reports: daily, weekly (and monthly when the service offers it) — figures, charts drawn as SVG,
// and the CSV the service makes of the same report.
import { ApiError, api } from '../api.js';
import { field, h, mount } from '../dom.js';
import { codes, label, t } from '../i18n.js';
import { barChart, columnChart, percent, ringChart } from '../charts.js';
import { daysOfWeek, isoWeek, localDate } from '../time.js';
import { app, reportError } from './app.js';

let kind = 'daily';
let period = { daily: localDate(), weekly: isoWeek(localDate()), monthly: localDate().slice(0, 7) };
let monthlyOffered = null;

export function reportsView(main) {
  document.title = `${t('reportsTitle')} · complaintd`;
  render(main, null);
  load(main);
}

function url(k, value, format) {
  const parameter = { daily: 'date', weekly: 'week', monthly: 'month' }[k];
  return `/v1/reports/${k}?${parameter}=${encodeURIComponent(value)}${format ? `&format=${format}` : ''}`;
}

/** The days a period covers, for the received-per-day chart. */
function days() {
  if (kind === 'weekly') return daysOfWeek(period.weekly);
  if (kind === 'monthly') {
    const [year, month] = period.monthly.split('-').map(Number);
    const count = new Date(Date.UTC(year, month, 0)).getUTCDate();
    return Array.from({ length: count }, (_, i) => `${period.monthly}-${String(i + 1).padStart(2, '0')}`);
  }
  const end = Date.parse(`${period.daily}T00:00:00Z`);
  return Array.from({ length: 7 }, (_, i) => new Date(end - (6 - i) * 86400000).toISOString().slice(0, 10));
}

async function load(main) {
  if (monthlyOffered === null) monthlyOffered = (app.settings.reportPeriods || []).includes('monthly');
  try {
    const report = (await api(url(kind, period[kind]))).data;
    const perDay = await inBatches(days(), 6, (day) => api(url('daily', day)).then((r) => r.data.received).catch(() => 0));
    render(main, report, perDay);
  } catch (error) {
    if (error instanceof ApiError && error.status === 403) return mount(main, h('h1', {}, t('reportsTitle')), h('p', { class: 'notice' }, t('reportForbidden')));
    reportError(error);
  }
}

async function inBatches(items, size, f) {
  const results = [];
  for (let i = 0; i < items.length; i += size) results.push(...await Promise.all(items.slice(i, i + size).map(f)));
  return results;
}

function render(main, report, perDay = []) {
  const kinds = ['daily', 'weekly'].concat(monthlyOffered ? ['monthly'] : []);
  const input = h('input', { type: { daily: 'date', weekly: 'week', monthly: 'month' }[kind], name: 'period', value: period[kind] });
  const form = h('form', { class: 'card', on: { submit: (event) => {
    event.preventDefault();
    if (input.value) period[kind] = input.value;
    load(main);
  } } },
  h('fieldset', {}, h('legend', {}, t('reportsTitle')), h('div', { class: 'choices' }, kinds.map((k) => h('label', {},
    h('input', { type: 'radio', name: 'kind', value: k, checked: k === kind, on: { change: () => { kind = k; render(main, null); load(main); } } }),
    t(k))))),
  field('report-period', t({ daily: 'date', weekly: 'week', monthly: 'month' }[kind]), input),
  h('div', { class: 'actions-row' }, h('button', { type: 'submit' }, t('show')),
    h('button', { type: 'button', class: 'secondary', on: { click: () => downloadCSV() } }, t('downloadCSV'))));
  if (!report) return mount(main, h('h1', {}, t('reportsTitle')), form, h('p', { role: 'status' }, t('loading')));
  const clocks = Object.entries(report.clocks || {});
  mount(main,
    h('h1', {}, t('reportsTitle'), ' · ', report.period.label),
    form,
    h('div', { class: 'kpis' }, [
      ['received', report.received], ['closedN', report.closed], ['openAtEnd', report.openAtEnd],
      ['returnVisitRate', percent(report.returnVisit?.rate)], ['satisfaction', percent(report.satisfaction?.rate)],
      ['reprocessingRate', percent(report.reprocessing?.rate)],
    ].map(([key, value]) => h('div', { class: 'kpi' }, h('span', { class: 'muted' }, t(key)), h('strong', {}, String(value ?? '—'))))),
    h('div', { class: 'grid2' },
      h('section', { class: 'card' }, h('h2', {}, t('receivedPerDay')),
        columnChart(t('receivedPerDay'), days().map((day, i) => ({ label: day.slice(5).replace('-', '/'), value: perDay[i] ?? 0 })))),
      h('section', { class: 'card' }, h('h2', {}, t('onTimeRate')),
        clocks.length ? barChart(t('onTimeRate'), clocks.map(([clock, tally]) => ({ label: label('clock', clock), value: tally.onTimeRate ?? null,
          kind: (tally.onTimeRate ?? 1) < 0.8 ? 'late' : '' })), { format: percent, max: 1 }) : h('p', { class: 'muted' }, t('noData'))),
      h('section', { class: 'card' }, h('h2', {}, t('satisfaction')),
        ringChart(t('satisfaction'), report.satisfaction?.numerator ?? 0, report.satisfaction?.denominator ?? 0),
        h('p', { class: 'muted' }, `${report.satisfaction?.numerator ?? 0} / ${report.satisfaction?.denominator ?? 0}`)),
      h('section', { class: 'card' }, h('h2', {}, t('byCategory')),
        barChart(t('byCategory'), codes('category').concat(['none']).map((code) => ({ label: code === 'none' ? t('none') : label('category', code),
          value: report.byCategory?.[code] ?? 0 })).filter((item, i, all) => item.value || i < all.length - 1)))));
}

async function downloadCSV() {
  try {
    const { data } = await api(url(kind, period[kind]), { accept: 'text/csv' });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(data);
    link.download = `complaints-${kind}-${period[kind]}.csv`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  } catch (error) {
    reportError(error);
  }
}
