// The return-visit queue, open escalations, and notifications that did not get through (with a
// button to send one again).
import { api } from '../api.js';
import { h, mount, toast } from '../dom.js';
import { label, t } from '../i18n.js';
import { duration, when } from '../time.js';
import { reportError } from './app.js';

function link(id) {
  return h('a', { href: `/console/complaints/${encodeURIComponent(id)}` }, id);
}

function table(headers, rows) {
  return h('div', { class: 'table-wrap' }, h('table', {},
    h('thead', {}, h('tr', {}, headers.map((key) => h('th', { scope: 'col' }, t(key))))),
    h('tbody', {}, rows.map((cells) => h('tr', {}, cells.map((cell) => h('td', {}, cell)))))));
}

/** A list view that reloads on live events. */
function liveList(main, app, title, load) {
  document.title = `${t(title)} · complaintd`;
  const refresh = async () => {
    try { mount(main, h('h1', {}, t(title)), await load()); } catch (error) { reportError(error); }
  };
  let pending = null;
  const onEvent = () => { clearTimeout(pending); pending = setTimeout(refresh, 300); };
  app.events.addEventListener('complaint', onEvent);
  mount(main, h('h1', {}, t(title)), h('p', { role: 'status' }, t('loading')));
  refresh();
  return () => { app.events.removeEventListener('complaint', onEvent); clearTimeout(pending); };
}

export function visitsView(main, app) {
  return liveList(main, app, 'visitsTitle', async () => {
    const items = (await api('/v1/visits')).data.items;
    if (!items.length) return h('p', { class: 'notice' }, t('noneVisits'));
    return table(['colId', 'visitKind', 'colDue', 'attempts'], items.map((v) => [link(v.complaintId), label('visitKind', v.kind),
      h('span', { class: v.overdue ? 'clock-state overdue' : '' }, when(v.deadline || v.dueAt)), String(v.attempts)]));
  });
}

export function escalationsView(main, app) {
  return liveList(main, app, 'escalationsTitle', async () => {
    const items = (await api('/v1/escalations')).data.items;
    if (!items.length) return h('p', { class: 'notice ok' }, t('noneEscalations'));
    return table(['colId', 'clock', 'colDue', 'lateBy', 'notifiedRoles'], items.map((e) => [link(e.complaintId), label('clock', e.clock),
      when(e.dueAt), h('span', { class: 'clock-state overdue' }, duration(e.lateBySeconds * 1000)),
      e.notified.map((role) => label('role', role)).join('、') || '—']));
  });
}

export function notificationsView(main, app) {
  return liveList(main, app, 'notificationsTitle', async () => {
    const [failed, pending] = await Promise.all(['failed', 'pending'].map((status) => api(`/v1/notifications?status=${status}`)
      .then((r) => r.data.items)));
    const mayRetry = ['supervisor', 'manager', 'admin'].includes(app.me.role);
    const retry = (item) => h('button', { type: 'button', class: 'secondary', on: { click: async (event) => {
      event.target.disabled = true;
      try {
        await api(`/v1/notifications/${encodeURIComponent(item.id)}/retry`, { method: 'POST' });
        toast(t('retryQueued'));
        notificationsView(main, app);
      } catch (error) { event.target.disabled = false; reportError(error); }
    } } }, t('retrySend'));
    const rows = (items, status) => items.map((n) => [link(n.complaintId), label('trigger', n.trigger), n.endpoint, status,
      String(n.attempts), n.lastError || '—', when(n.queuedAt), status === t('failed') && mayRetry ? retry(n) : '']);
    if (!failed.length && !pending.length) return h('p', { class: 'notice ok' }, t('noneFailed'));
    return table(['colId', 'trigger', 'endpoint', 'colStatus', 'attempts', 'lastError', 'queuedAt', 'actions'],
      [...rows(failed, t('failed')), ...rows(pending, t('pendingN'))]);
  });
}
