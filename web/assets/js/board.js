// The estate's announcement board (投诉公示, /board): complaints dealt with in a period, without
// anyone's personal data, laid out to print on A4.
import { api } from './api.js';
import { field, h, mount } from './dom.js';
import { label, languageSwitch, onLanguageChange, t } from './i18n.js';
import { localDate, setTimeZone, when } from './time.js';

const main = document.getElementById('main');
const query = new URLSearchParams(location.search);
const state = {
  estate: query.get('estate') || '',
  from: query.get('from') || localDate(new Date(Date.now() - 30 * 86400000)),
  to: query.get('to') || localDate(),
  items: null,
  more: false,
  error: null,
};

function header() {
  mount(document.getElementById('topbar'),
    h('a', { class: 'brand', href: '/' }, t('appName')),
    h('a', { href: '/' }, t('follow')),
    languageSwitch());
  document.querySelector('.skip').textContent = t('skip');
}

function nextDay(day) {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86400000).toISOString().slice(0, 10);
}

// The list is paged like every list of the API (200 at most a page): the board follows the
// cursor up to this many pages, and says so when the period holds more.
const maxPages = 10;

async function load() {
  const params = new URLSearchParams({ from: state.from, to: nextDay(state.to), limit: '200' });
  if (state.estate) params.set('estate', state.estate);
  try {
    const items = [];
    let cursor = null;
    for (let page = 0; page < maxPages; page += 1) {
      if (cursor) params.set('cursor', cursor);
      const { data } = await api(`/v1/announcements?${params}`);
      items.push(...data.items);
      cursor = data.nextCursor;
      if (!cursor) break;
    }
    state.items = items;
    state.more = Boolean(cursor);
    state.error = null;
  } catch (error) {
    state.items = [];
    state.more = false;
    state.error = error.status === 401 || error.status === 403 ? t('announcementsClosed') : error.message;
  }
  render();
}

function render() {
  document.title = `${t('boardTitle')} · complaintd`;
  const estate = h('input', { type: 'text', name: 'estate', value: state.estate, maxlength: 200 });
  const from = h('input', { type: 'date', name: 'from', value: state.from });
  const to = h('input', { type: 'date', name: 'to', value: state.to });
  const form = h('form', { class: 'card no-print', on: { submit: (event) => {
    event.preventDefault();
    Object.assign(state, { estate: estate.value.trim(), from: from.value || state.from, to: to.value || state.to });
    history.replaceState(null, '', `?${new URLSearchParams({ estate: state.estate, from: state.from, to: state.to })}`);
    load();
  } } },
  h('div', { class: 'grid3' }, field('b-estate', t('estate'), estate), field('b-from', t('from'), from), field('b-to', t('to'), to)),
  h('div', { class: 'actions-row' }, h('button', { type: 'submit' }, t('show')),
    h('button', { type: 'button', class: 'secondary', on: { click: () => window.print() } }, t('print'))));
  const title = [state.estate, t('boardTitle')].filter(Boolean).join(' ');
  mount(main,
    h('h1', {}, title),
    h('p', {}, t('boardIntro')),
    h('p', { class: 'muted' }, `${state.from} — ${state.to}`),
    h('p', { class: 'print-only muted' }, t('printedAt', { time: when(new Date().toISOString()) })),
    form,
    state.error ? h('p', { class: 'notice bad', role: 'alert' }, state.error) : null,
    state.items === null ? h('p', { role: 'status' }, t('loading'))
      : state.items.length === 0 && !state.error ? h('p', { class: 'notice' }, t('noAnnouncements'))
        : state.items.map(announcement),
    state.more ? h('p', { class: 'notice', role: 'status' }, t('boardMore', { count: String(state.items.length) })) : null);
}

function announcement(a) {
  const facts = [
    ['acceptedAt', when(a.acceptedAt)],
    ['scope', [a.scope?.estate, a.scope?.building].filter(Boolean).join(' ')],
    ['matter', a.matter],
    ['handling', a.handlingMethod],
    ['result', a.result],
    ['returnVisit', a.returnVisit?.at ? `${when(a.returnVisit.at)} ${a.returnVisit.satisfied === false ? t('unsatisfied')
      : a.returnVisit.satisfied ? t('satisfied') : ''}` : null],
    // That the owner signed, and when: never the signature or the name (issue 10).
    ['ownerConfirmation', a.ownerConfirmation?.confirmed ? `${when(a.ownerConfirmation.at)} ${t('ownerSigned')}` : null],
    ['precautions', a.precautions],
    ['timeLimit', a.timeLimit ? when(a.timeLimit) : null],
    ['receptionist', a.receptionist], ['followUpPerson', a.followUpPerson], ['personInCharge', a.personInCharge],
  ];
  return h('article', { class: 'card announcement' },
    h('h2', {}, a.complaintId, ' ', h('span', { class: 'badge' }, label('category', a.category)), ' ',
      h('span', { class: 'badge' }, label('status', a.status))),
    h('dl', { class: 'facts' }, facts.filter(([, value]) => value).map(([key, value]) => [h('dt', {}, t(key)), h('dd', {}, value)])));
}

async function start() {
  try { setTimeZone((await api('/v1/public/settings')).data.timeZone); } catch { /* keep the default zone */ }
  onLanguageChange(() => { header(); render(); });
  header();
  render();
  load();
}

start();
