// The work queue: tabs with counts (mine, my department, overdue, due within 2 h, visits due),
// the most urgent first, refreshed live when an event concerns the caller's scope.
import { api } from '../api.js';
import { h, mount, toast } from '../dom.js';
import { t } from '../i18n.js';
import { reportError } from './app.js';
import { complaintTable } from './shared.js';

const TABS = [['mine', 'tabMine'], ['department', 'tabDepartment'], ['overdue', 'tabOverdue'], ['due_soon', 'tabDueSoon'],
  ['visits', 'tabVisits']];
let selected = 'mine';

export function queueView(main, app) {
  document.title = `${t('navQueue')} · complaintd`;
  let data = null;
  let known = null;
  let fresh = new Set();

  async function load() {
    try {
      data = (await api(`/v1/queue?tab=${selected}`)).data;
      const ids = new Set(data.items.map((c) => c.id));
      fresh = known ? new Set([...ids].filter((id) => !known.has(id))) : new Set();
      known = ids;
      render();
    } catch (error) {
      reportError(error);
    }
  }

  function render() {
    // A live update re-renders the tabs: a keyboard user keeps the focus where it was.
    const focused = document.activeElement?.id?.startsWith('tab-') ? document.activeElement.id : null;
    const tabs = TABS.map(([tab, key]) => {
      const name = tab === 'department' && !app.me.departmentOnly ? t('tabDepartmentAll') : t(key);
      return h('button', {
        type: 'button', role: 'tab', id: `tab-${tab}`, 'aria-selected': String(tab === selected), 'aria-controls': 'queue-panel',
        tabindex: tab === selected ? '0' : '-1',
        on: { click: () => select(tab), keydown: (event) => arrow(event, tab) },
      }, name, h('span', { class: 'count' }, data ? String(data.counts[tab] ?? 0) : '…'));
    });
    mount(main,
      h('h1', {}, t('navQueue')),
      h('div', { class: 'tabs', role: 'tablist', 'aria-label': t('navQueue') }, tabs),
      h('div', { id: 'queue-panel', role: 'tabpanel', 'aria-labelledby': `tab-${selected}`, tabindex: '0' },
        !data ? h('p', { role: 'status' }, t('loading'))
          : data.items.length ? complaintTable(data.items, { fresh }) : h('p', { class: 'notice' }, t('queueEmpty'))));
    if (focused) document.getElementById(focused)?.focus();
  }

  function select(tab) {
    selected = tab;
    known = null;
    data = data ? { ...data, items: [] } : null;
    load().then(() => document.getElementById(`tab-${tab}`)?.focus());
  }

  /** Left and right arrows move between tabs (the WAI-ARIA tabs pattern). */
  function arrow(event, tab) {
    const index = TABS.findIndex(([name]) => name === tab);
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    event.preventDefault();
    select(TABS[(index + step + TABS.length) % TABS.length][0]);
  }

  let pending = null;
  const onEvent = (event) => {
    if (event.type === 'complaint' && event.detail.type === 'complaint.registered') toast(t('newComplaintLive', { id: event.detail.complaintId }));
    clearTimeout(pending);
    pending = setTimeout(load, 250);
  };
  app.events.addEventListener('complaint', onEvent);
  app.events.addEventListener('reset', onEvent);
  const ticker = setInterval(() => data && render(), 30000);
  render();
  load();
  return () => {
    app.events.removeEventListener('complaint', onEvent);
    app.events.removeEventListener('reset', onEvent);
    clearInterval(ticker);
    clearTimeout(pending);
  };
}
