// Finding complaints (/console/search): one box for a phone, a name, a unit or words of the
// content (the API's `q`), a status, overdue only; the total, pages by cursor, and the same
// selection as a CSV (GET /v1/complaints/export, which pages itself through `Link`).
import { api } from '../api.js';
import { field, h, mount } from '../dom.js';
import { codes, label, lang, t } from '../i18n.js';
import { reportError } from './app.js';
import { complaintTable } from './shared.js';

const TEXTS = {
  title: ['投诉查询', 'Find complaints'],
  query: ['电话、姓名、房号或内容', 'Phone, name, unit or words'],
  queryHint: ['输入手机号后四位、业主姓名、"3-1202" 或内容中的词。', 'The last digits of a phone, a name, "3-1202" or words of the content.'],
  anyStatus: ['全部状态', 'Any status'],
  overdueOnly: ['只看已超时', 'Overdue only'],
  search: ['查询', 'Search'],
  total: ['共 {n} 条', '{n} found'], atLeast: ['至少 {n} 条', 'At least {n} found'],
  more: ['下一页', 'Next page'], none: ['没有符合条件的投诉。', 'No complaint matches.'],
  exportCSV: ['导出 CSV', 'Export CSV'],
};
const say = (key, n) => TEXTS[key][lang === 'zh' ? 0 : 1].replace('{n}', String(n));

let filters = { q: '', status: '', overdue: false };

function query(extra = {}) {
  const params = new URLSearchParams();
  if (filters.q) params.set('q', filters.q);
  if (filters.status) params.set('status', filters.status);
  if (filters.overdue) params.set('overdue', 'true');
  for (const [name, value] of Object.entries(extra)) params.set(name, value);
  return params.toString();
}

export function searchView(main) {
  document.title = `${say('title')} · complaintd`;
  const box = h('input', { type: 'search', id: 's-q', value: filters.q, maxlength: 200, autocomplete: 'off' });
  const status = h('select', { id: 's-status' }, h('option', { value: '' }, say('anyStatus')),
    codes('status').map((code) => h('option', { value: code, selected: code === filters.status }, label('status', code))));
  const overdue = h('input', { type: 'checkbox', id: 's-overdue', checked: filters.overdue });
  const results = h('div', { id: 'search-results', 'aria-live': 'polite' });
  const form = h('form', { class: 'card', role: 'search', on: { submit: (event) => {
    event.preventDefault();
    filters = { q: box.value.trim(), status: status.value, overdue: overdue.checked };
    form.querySelector('#s-export').href = `/v1/complaints/export?${query()}`;
    load(results);
  } } },
  field('s-q', say('query'), box, { hint: say('queryHint') }),
  field('s-status', t('colStatus'), status),
  h('div', { class: 'field choices' }, h('label', { for: 's-overdue' }, overdue, say('overdueOnly'))),
  h('div', { class: 'buttons' }, h('button', { type: 'submit' }, say('search')),
    h('a', { class: 'button secondary', id: 's-export', href: `/v1/complaints/export?${query()}` }, say('exportCSV'))));
  mount(main, h('h1', {}, say('title')), form, results);
  box.focus();
  load(results);
}

async function load(results, cursor, shown = []) {
  try {
    const page = (await api(`/v1/complaints?${query(cursor ? { cursor, limit: 50 } : { limit: 50 })}`)).data;
    const items = shown.concat(page.items);
    const count = page.totalIsLowerBound ? say('atLeast', page.total) : say('total', page.total);
    mount(results,
      h('p', { role: 'status' }, count),
      items.length ? complaintTable(items) : h('p', { class: 'notice' }, say('none')),
      page.nextCursor ? h('button', { type: 'button', class: 'secondary', on: { click: () => load(results, page.nextCursor, items) } },
        say('more')) : null);
  } catch (error) {
    reportError(error);
  }
}
