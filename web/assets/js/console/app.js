// The staff console (/console/): sign-in, navigation between views without reloading, and the
// live stream (/v1/stream) every view listens to through `app.events`.
import { ApiError, api, setCSRFToken } from '../api.js';
import { field, h, mount, toast } from '../dom.js';
import { label, languageSwitch, onLanguageChange, t } from '../i18n.js';
import { setTimeZone } from '../time.js';
import { complaintView } from './complaint.js';
import { escalationsView, notificationsView, visitsView } from './lists.js';
import { queueView } from './queue.js';
import { registerView } from './register.js';
import { reportsView } from './reports.js';
import { searchView } from './search.js';

const main = document.getElementById('main');

/** What views share: who is signed in, navigation, live events. */
export const app = {
  me: null,
  settings: { maxContentLength: 5000 },
  events: new EventTarget(),
  navigate(path, { replace = false } = {}) {
    if (replace) history.replaceState(null, '', path); else history.pushState(null, '', path);
    route();
  },
  /** Called by views when the API answers 401: the session ended. */
  sessionEnded() {
    stopLive();
    app.me = null;
    signInView(t('sessionEnded'));
  },
};

let leaveView = null;  // the current view's clean-up (timers, listeners)

const VIEWS = [
  ['/console/queue', 'navQueue', queueView], ['/console/search', 'navSearch', searchView], ['/console/register', 'navRegister', registerView],
  ['/console/visits', 'navVisits', visitsView], ['/console/escalations', 'navEscalations', escalationsView],
  ['/console/notifications', 'navNotifications', notificationsView], ['/console/reports', 'navReports', reportsView],
];

function header() {
  const path = location.pathname;
  const bar = document.getElementById('topbar');
  document.querySelector('.skip').textContent = t('skip');
  if (!app.me) {
    return mount(bar, h('a', { class: 'brand', href: '/console/' }, t('consoleName')), languageSwitch());
  }
  mount(bar,
    h('a', { class: 'brand', href: '/console/queue' }, t('consoleName')),
    h('nav', { 'aria-label': t('consoleName') }, h('ul', {}, VIEWS.map(([href, key]) => h('li', {},
      h('a', { href, 'aria-current': path === href || (href === '/console/queue' && path === '/console/') ? 'page' : null }, t(key)))))),
    h('span', { class: `live${liveConnected ? '' : ' off'}`, id: 'live', role: 'status' }, t(liveConnected ? 'live' : 'reconnecting')),
    h('span', { class: 'who' }, `${app.me.name} · ${label('role', app.me.role)}`),
    languageSwitch(),
    h('button', { type: 'button', class: 'link', on: { click: signOut } }, t('signOut')));
}

async function start() {
  try {
    app.settings = (await api('/v1/public/settings')).data;
    setTimeZone(app.settings.timeZone);
  } catch { /* defaults */ }
  onLanguageChange(() => route());
  window.addEventListener('popstate', route);
  document.addEventListener('click', (event) => {
    const link = event.target.closest('a[href^="/console/"]');
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    app.navigate(link.getAttribute('href'));
  });
  try {
    const { data } = await api('/v1/session');
    if (data.user) await signedIn(data);
  } catch {
    app.me = null;
  }
  route();
}

async function signedIn(session) {
  setCSRFToken(session.csrfToken);
  app.me = (await api('/v1/me')).data;
  startLive();
}

function route() {
  if (leaveView) { leaveView(); leaveView = null; }
  const path = location.pathname;
  if (!app.me) return signInView();
  header();
  main.classList.remove('narrow');
  if (path === '/console/signin' || path === '/console/' || path === '/console') return app.navigate('/console/queue', { replace: true });
  const match = path.match(/^\/console\/complaints\/([^/]+)$/);
  const view = match ? (m) => complaintView(m, app, decodeURIComponent(match[1])) : VIEWS.find(([href]) => href === path)?.[2];
  if (!view) return mount(main, h('p', { class: 'notice bad' }, t('notFound')));
  leaveView = view(main, app) || null;
  main.focus({ preventScroll: true });
}

// MARK: signing in and out

function signInView(message) {
  header();
  document.title = `${t('signInTitle')} · complaintd`;
  const user = h('input', { type: 'text', name: 'userId', autocomplete: 'username', autocapitalize: 'none', spellcheck: 'false' });
  const password = h('input', { type: 'password', name: 'password', autocomplete: 'current-password' });
  const status = h('p', { class: 'notice bad', role: 'alert', hidden: !message }, message || '');
  const submit = h('button', { type: 'submit' }, t('signIn'));
  const form = h('form', { class: 'card', on: { submit: async (event) => {
    event.preventDefault();
    submit.disabled = true;
    try {
      const { data } = await api('/v1/session', { method: 'POST', body: { userId: user.value.trim(), password: password.value } });
      password.value = '';
      await signedIn(data);
      const next = new URLSearchParams(location.search).get('next');
      app.navigate(next && next.startsWith('/console/') ? next : (location.pathname.startsWith('/console/complaints/') ? location.pathname
        : '/console/queue'), { replace: true });
    } catch (error) {
      submit.disabled = false;
      status.hidden = false;
      status.textContent = error.status === 401 ? t('signInFailed')
        : error.status === 429 ? t('signInLimited', { n: error.retryAfter || 60 }) : error.message;
      password.focus();
    }
  } } },
  h('h1', {}, t('signInTitle')),
  status,
  field('userId', t('userId'), user, { required: true }),
  field('password', t('password'), password, { required: true }),
  submit);
  main.classList.add('narrow');
  mount(main, form);
  user.focus();
}

async function signOut() {
  stopLive();
  try { await api('/v1/session', { method: 'DELETE' }); } catch { /* the cookie is cleared either way */ }
  app.me = null;
  setCSRFToken(null);
  history.pushState(null, '', '/console/signin');
  route();
}

// MARK: live events

let source = null;
let liveConnected = false;

function setLive(connected) {
  liveConnected = connected;
  const badge = document.getElementById('live');
  if (!badge) return;
  badge.className = `live${connected ? '' : ' off'}`;
  badge.textContent = t(connected ? 'live' : 'reconnecting');
}

function startLive() {
  stopLive();
  source = new EventSource('/v1/stream');
  source.addEventListener('open', () => setLive(true));
  source.addEventListener('hello', () => setLive(true));
  source.addEventListener('complaint', (event) => {
    app.events.dispatchEvent(new CustomEvent('complaint', { detail: JSON.parse(event.data) }));
  });
  source.addEventListener('reset', () => app.events.dispatchEvent(new CustomEvent('reset')));
  source.addEventListener('error', async () => {
    setLive(false);
    if (source && source.readyState === EventSource.CLOSED) {
      // The server refused the stream: a 401 means the session is over.
      try {
        const { data } = await api('/v1/session');
        if (data.user) setTimeout(startLive, 5000); else app.sessionEnded();
      } catch { setTimeout(startLive, 5000); }
    }
  });
}

function stopLive() {
  if (source) source.close();
  source = null;
  setLive(false);
}

/** Views call this with an API error: a 401 ends the session, anything else is shown. */
export function reportError(error) {
  if (error instanceof ApiError && error.status === 401) return app.sessionEnded();
  toast(error.message, 'bad');
}

start();
