// The owner's page (/): follow a complaint by its tracking code (typed, or from the link the
// receptionist gave: /#t=<code>), send a reminder, file a complaint when the company allows it.
import { ApiError, api, idempotencyKey } from './api.js';
import { field, fieldError, h, mount } from './dom.js';
import { label, languageSwitch, onLanguageChange, t } from './i18n.js';
import { clockState, setTimeZone, when } from './time.js';
import { recordSection, setRecordFeatures } from './owner-record.js';

const main = document.getElementById('main');
let settings = { publicIntake: false, reminderIntervalSeconds: 1800, maxContentLength: 5000 };
let current = null;  // the complaint shown, to re-render clocks and on a language change

function header() {
  mount(document.getElementById('topbar'),
    h('a', { class: 'brand', href: '/' }, t('appName')),
    h('a', { href: '/board' }, t('board')),
    languageSwitch());
  document.querySelector('.skip').textContent = t('skip');
}

async function start() {
  try {
    settings = (await api('/v1/public/settings')).data;
    setRecordFeatures(settings);
    setTimeZone(settings.timeZone);
  } catch { /* defaults: the tracking view still works */ }
  onLanguageChange(() => { header(); route(); });
  window.addEventListener('hashchange', route);
  header();
  route();
  setInterval(() => { if (current) renderComplaint(current.code, current.data); }, 30000);
}

function route() {
  const hash = location.hash.slice(1);
  const params = new URLSearchParams(hash);
  current = null;
  if (params.get('t')) return follow(params.get('t').trim());
  if (hash === 'file') return fileView();
  return home();
}

// MARK: home

function home(message) {
  document.title = `${t('ownerTitle')} · complaintd`;
  const input = h('input', { type: 'text', name: 'code', autocomplete: 'off', spellcheck: 'false', inputmode: 'text', maxlength: 64 });
  const form = h('form', { novalidate: true, on: { submit: (event) => {
    event.preventDefault();
    const code = input.value.trim().replace(/\s+/g, '');
    if (!/^[0-9a-fA-F]{32}$/.test(code)) return fieldError(form, 'code', t('badCode'));
    location.hash = `t=${code.toLowerCase()}`;
  } } },
  field('code', t('trackingCode'), input, { hint: t('trackingHint'), required: true }),
  h('button', { type: 'submit' }, t('follow')));
  mount(main,
    h('div', { class: 'card' },
      h('h1', {}, t('ownerTitle')),
      h('p', {}, t('ownerIntro')),
      message ? h('p', { class: 'notice bad', role: 'alert' }, message) : null,
      form),
    h('div', { class: 'card' },
      h('h2', {}, t('fileComplaint')),
      settings.publicIntake ? h('a', { class: 'button secondary', href: '#file' }, t('fileComplaint')) : h('p', {}, t('intakeClosed'))),
    h('p', {}, h('a', { href: '/board' }, t('board'))));
  if (message) fieldError(form, 'code', message);
}

// MARK: following a complaint

async function follow(code) {
  if (!/^[0-9a-fA-F]{32}$/.test(code)) return home(t('badCode'));
  mount(main, h('p', { role: 'status' }, t('loading')));
  try {
    const { data } = await api(`/v1/track/${encodeURIComponent(code)}`);
    renderComplaint(code, data);
    main.focus();
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return home(t('notFoundCode'));
    mount(main, h('p', { class: 'notice bad', role: 'alert' }, error.message), h('button', { on: { click: route } }, t('retry')));
  }
}

const ORDER = ['received', 'assessed', 'explained', 'dispatched', 'in_progress', 'resolved', 'approved', 'replied', 'visited', 'closed'];
const STEPS = [['stepReceived', 'received'], ['stepDispatched', 'dispatched'], ['stepResolved', 'resolved'], ['stepReplied', 'replied'],
  ['stepVisited', 'visited'], ['stepClosed', 'closed']];

function renderComplaint(code, c, notice) {
  current = { code, data: c };
  document.title = `${t('complaintNo', { id: c.id })} · complaintd`;
  const rank = ORDER.indexOf(c.status);
  const clocks = Object.entries(c.deadlines || {});
  mount(main,
    h('div', { class: 'card' },
      h('h1', {}, t('complaintNo', { id: c.id })),
      h('p', { class: 'status-line' }, label('ownerStatus', c.status)),
      h('p', { class: 'muted' }, t('receivedOn', { time: when(c.receivedAt) })),
      h('h2', { class: 'visually-hidden' }, t('steps')),
      h('ol', { class: 'steps' }, STEPS.map(([key, status]) => {
        const done = rank >= ORDER.indexOf(status) || (status === 'received');
        return h('li', { class: done ? 'done' : '' }, t(key), h('span', { class: 'visually-hidden' }, `: ${t(done ? 'done' : 'pending')}`));
      }))),
    notice ? h('p', { class: `notice ${notice.kind}`, role: 'status' }, notice.text) : null,
    clocks.length ? h('section', { class: 'card', 'aria-labelledby': 'clocks-h' },
      h('h2', { id: 'clocks-h' }, t('clocksTitle')),
      h('ul', { class: 'clocks' }, clocks.map(([clock, deadline]) => {
        const state = clockState(deadline);
        return h('li', {},
          h('span', {}, h('strong', {}, label('clock', clock)), ' ', h('span', { class: 'muted' }, t('dueAt', { time: when(deadline.dueAt) }))),
          h('span', { class: `clock-state ${state.kind}` }, state.text));
      }))) : null,
    c.reply ? h('section', { class: 'card', 'aria-labelledby': 'reply-h' },
      h('h2', { id: 'reply-h' }, t('replyTitle')), h('p', {}, c.reply.content), h('p', { class: 'muted' }, when(c.reply.at))) : null,
    c.resolution ? h('section', { class: 'card', 'aria-labelledby': 'result-h' },
      h('h2', { id: 'result-h' }, t('resultTitle')), h('p', {}, c.resolution.result),
      c.resolution.remaining ? h('p', {}, t('remainingWork', { text: c.resolution.remaining })) : null,
      h('p', { class: 'muted' }, when(c.resolution.at))) : null,
    recordSection(code, c, (updated, message) => renderComplaint(code, updated, message)),
    h('section', { class: 'card', 'aria-labelledby': 'progress-h' },
      h('h2', { id: 'progress-h' }, t('progressTitle')),
      (c.progress || []).length
        ? h('ol', { class: 'timeline' }, c.progress.map((note) => h('li', {}, h('p', {}, note.text), h('p', { class: 'meta' }, when(note.at)))))
        : h('p', { class: 'muted' }, t('noProgress'))),
    h('section', { class: 'card', 'aria-labelledby': 'complaint-h' },
      h('h2', { id: 'complaint-h' }, t('yourComplaint')), h('p', {}, c.content),
      c.demands ? [h('h3', {}, t('yourDemands')), h('p', {}, c.demands)] : null),
    remindCard(code, c),
    h('p', {}, h('a', { href: '/' }, t('newSearch'))));
}

function remindCard(code, c) {
  const minutes = Math.round((settings.reminderIntervalSeconds || 1800) / 60);
  if (!c.canRemind) {
    return h('section', { class: 'card' }, h('h2', {}, t('remind')), h('p', { class: 'muted' }, t('cannotRemind')),
      c.reminderCount ? h('p', { class: 'muted' }, t('remindersSent', { n: c.reminderCount })) : null);
  }
  const button = h('button', { type: 'button', on: { click: async () => {
    button.disabled = true;
    try {
      const { data } = await api(`/v1/track/${encodeURIComponent(code)}/remind`, { method: 'POST', body: {} });
      renderComplaint(code, data, { kind: 'ok', text: t('reminded') });
    } catch (error) {
      button.disabled = false;
      const text = error.status === 429 && error.retryAfter ? `${error.message}` : error.message;
      renderComplaint(code, c, { kind: 'bad', text });
    }
  } } }, t('remind'));
  return h('section', { class: 'card', 'aria-labelledby': 'remind-h' },
    h('h2', { id: 'remind-h' }, t('remind')),
    h('p', { class: 'muted' }, t('remindHint', { minutes })),
    c.reminderCount ? h('p', {}, t('remindersSent', { n: c.reminderCount })) : null,
    button);
}

// MARK: filing a complaint

const FIELDS = [
  ['f-name', 'complainant.name', 'yourName', 'text', 100], ['f-phone', 'complainant.phone', 'yourPhone', 'tel', 40],
  ['f-estate', 'complainant.estate', 'estate', 'text', 200], ['f-building', 'complainant.building', 'building', 'text', 100],
  ['f-unit', 'complainant.unit', 'unit', 'text', 100],
];

function fileView() {
  document.title = `${t('fileTitle')} · complaintd`;
  if (!settings.publicIntake) {
    return mount(main, h('div', { class: 'card' }, h('h1', {}, t('fileTitle')), h('p', {}, t('intakeClosed')), h('a', { href: '/' }, t('back'))));
  }
  const summary = h('div', { class: 'error-summary', role: 'alert', tabindex: '-1' });
  const inputs = {};
  const controls = FIELDS.map(([id, , key, type, max]) => {
    inputs[id] = h('input', { type, name: id, maxlength: max, autocomplete: { 'f-name': 'name', 'f-phone': 'tel' }[id] || 'off' });
    return field(id, t(key), inputs[id], { required: true });
  });
  const content = h('textarea', { name: 'content', maxlength: settings.maxContentLength, rows: 6 });
  const demands = h('textarea', { name: 'demands', maxlength: 2000, rows: 3 });
  const key = idempotencyKey();
  const form = h('form', { novalidate: true, on: { submit: async (event) => {
    event.preventDefault();
    for (const id of [...FIELDS.map((f) => f[0]), 'f-content']) fieldError(form, id, '');
    summary.replaceChildren();
    const complainant = {};
    for (const [id, path] of FIELDS) complainant[path.split('.')[1]] = inputs[id].value.trim();
    const body = { channel: 'online', complainant, content: content.value.trim(), demands: demands.value.trim() || undefined };
    submit.disabled = true;
    try {
      const { data } = await api('/v1/public/complaints', { method: 'POST', body, headers: { 'Idempotency-Key': key } });
      filed(data);
    } catch (error) {
      submit.disabled = false;
      showErrors(form, summary, error);
    }
  } } },
  summary,
  h('div', { class: 'grid2' }, controls.slice(0, 2)),
  h('div', { class: 'grid3' }, controls.slice(2)),
  field('f-content', t('content'), content, { hint: t('contentHint', { n: settings.maxContentLength }), required: true }),
  field('f-demands', t('demands'), demands));
  const submit = h('button', { type: 'submit' }, t('submitComplaint'));
  form.append(h('div', { class: 'actions-row' }, submit, h('a', { href: '/' }, t('cancel'))));
  mount(main, h('div', { class: 'card' }, h('h1', {}, t('fileTitle')), h('p', {}, t('fileIntro')), form));
}

function showErrors(form, summary, error) {
  const ids = { 'complainant.name': 'f-name', 'complainant.phone': 'f-phone', 'complainant.estate': 'f-estate',
    'complainant.building': 'f-building', 'complainant.unit': 'f-unit', content: 'f-content', demands: 'f-demands' };
  if (error.status === 422) {
    const errors = error.fieldErrors;
    const links = [];
    for (const [name, message] of Object.entries(errors)) {
      const id = ids[name];
      if (!id) continue;
      fieldError(form, id, message);
      links.push(h('li', {}, h('a', { href: `#${id}` }, `${form.querySelector(`label[for="${id}"]`)?.firstChild?.textContent}: ${message}`)));
    }
    mount(summary, h('p', {}, t('fixErrors')), h('ul', {}, links));
  } else if (error.status === 429) {
    mount(summary, h('p', {}, t('tooManyFilings', { n: error.retryAfter || 60 })));
  } else {
    mount(summary, h('p', {}, error.message));
  }
  summary.focus();
}

function filed(data) {
  const link = `${location.origin}/#t=${data.trackingCode}`;
  mount(main, h('div', { class: 'card' },
    h('h1', {}, t('filed')),
    h('p', { class: 'status-line' }, t('complaintNo', { id: data.id })),
    h('p', {}, t('filedKeep')),
    h('p', {}, h('span', { class: 'code' }, data.trackingCode)),
    h('p', {}, h('a', { href: `/#t=${data.trackingCode}` }, link)),
    h('a', { class: 'button', href: `#t=${data.trackingCode}` }, t('followNow'))));
  main.focus();
}

start();
