// One complaint (/console/complaints/{id}): the owner (masked; the full number on demand, which
// the API records), the clocks as countdowns, the timeline from the audit trail, and one form per
// action the caller may take, sent with If-Match so two people never overwrite each other.
import { ApiError, api, upload } from '../api.js';
import { fieldError, h, mount, toast } from '../dom.js';
import { label, t } from '../i18n.js';
import { clockState, when } from '../time.js';
import { reportError } from './app.js';
import { ACTIONS, actionFields } from './forms.js';
import { severityBadge } from './shared.js';

export function complaintView(main, app, id) {
  let c = null, etag = null, events = [], notice = null, dirty = false;
  const base = `/v1/complaints/${encodeURIComponent(id)}`;

  async function load({ reveal = false } = {}) {
    try {
      const answer = await api(reveal ? `${base}?reveal=contact` : base);
      c = answer.data;
      etag = answer.etag;
      events = (await api(`${base}/events?limit=200`)).data.items;
      dirty = false;
      render();
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return mount(main, h('p', { class: 'notice bad' }, t('notFound')));
      reportError(error);
    }
  }

  function render() {
    document.title = `${c.id} · complaintd`;
    const person = c.complainant;
    const mayReveal = (app.me.permissions || []).includes('contacts.reveal') && person.phone.includes('*');
    mount(main,
      h('h1', {}, c.id, ' ', severityBadge(c.severity), ' ', h('span', { class: 'badge' }, label('status', c.status)),
        c.urgent ? [' ', h('span', { class: 'badge major' }, t('urgent'))] : null),
      notice ? noticeBox() : null,
      h('div', { class: 'grid2' },
        h('section', { class: 'card', 'aria-labelledby': 'owner-h' },
          h('h2', { id: 'owner-h' }, t('owner')),
          h('dl', { class: 'facts' },
            h('dt', {}, t('owner')), h('dd', {}, person.name),
            h('dt', {}, t('phone')), h('dd', {}, h('span', { id: 'owner-phone' }, person.phone), mayReveal ? [' ',
              h('button', { type: 'button', class: 'link', title: t('revealNote'), on: { click: () => load({ reveal: true }) } }, t('reveal'))]
              : null),
            h('dt', {}, t('estate')), h('dd', {}, `${person.estate} ${person.building}-${person.unit}`),
            h('dt', {}, t('channel')), h('dd', {}, label('channel', c.channel)),
            h('dt', {}, t('receivedOn', { time: '' }).replace(/[:：]\s*$/, '')), h('dd', {}, `${when(c.receivedAt)} · ${c.receivedBy}`))),
        h('section', { class: 'card', 'aria-labelledby': 'clocks-h' },
          h('h2', { id: 'clocks-h' }, t('clocks')),
          h('ul', { class: 'clocks' }, Object.entries(c.deadlines || {}).map(([clock, d]) => {
            const state = clockState(d);
            return h('li', {}, h('span', {}, h('strong', {}, label('clock', clock)), ' ', h('span', { class: 'muted' }, when(d.dueAt))),
              h('span', { class: `clock-state ${state.kind}` }, state.text));
          })))),
      h('section', { class: 'card', 'aria-labelledby': 'details-h' },
        h('h2', { id: 'details-h' }, t('details')),
        h('p', {}, c.content),
        c.demands ? h('p', {}, h('strong', {}, `${t('ownerDemands')}：`), c.demands) : null,
        h('dl', { class: 'facts' },
          h('dt', {}, t('category')), h('dd', {}, label('category', c.category)),
          h('dt', {}, t('nature')), h('dd', {}, label('nature', c.nature)),
          h('dt', {}, t('department')), h('dd', {}, label('category', c.department)),
          h('dt', {}, t('handler')), h('dd', {}, c.handler || '—'),
          paperTrail())),
      photos(c.attachments),
      h('section', { class: 'card', 'aria-labelledby': 'actions-h' },
        h('h2', { id: 'actions-h' }, t('actions')),
        c.allowedActions.length ? c.allowedActions.filter((a) => ACTIONS[a]).map(actionForm) : h('p', { class: 'muted' }, t('noActions'))),
      h('section', { class: 'card', 'aria-labelledby': 'timeline-h' },
        h('h2', { id: 'timeline-h' }, t('timeline')),
        h('ol', { class: 'timeline' }, events.map((e) => h('li', {},
          h('strong', {}, label('event', e.type)), ' ', h('span', { class: 'meta' }, [when(e.recordedAt), e.data.actor?.id].filter(Boolean).join(' · ')),
          summary(e) ? h('p', {}, summary(e)) : null)))));
    wireHandlerPicker();
  }

  // The record's signatures (issue 10): the supervisor's handling opinion and the owner's last confirmation.
  function paperTrail() {
    const opinion = c.handlingOpinion;
    const confirmation = (c.ownerConfirmations || []).at(-1);
    const yesNo = (value) => t(value ? 'yes' : 'no');
    return [
      opinion ? [h('dt', {}, t('opinionText')), h('dd', { id: 'handling-opinion' }, opinion.text, ' ',
        h('span', { class: 'meta' }, [opinion.by, when(opinion.at)].join(' · ')))] : null,
      confirmation ? [h('dt', {}, t('ownerConfirmation')), h('dd', { id: 'owner-confirmation' },
        `${t('solved')}：${yesNo(confirmation.solved)} · ${t('satisfiedQ')}：${yesNo(confirmation.satisfied)}`,
        confirmation.comment ? ` · ${confirmation.comment}` : '', ' ',
        h('span', { class: 'meta' }, [confirmation.recordedBy, when(confirmation.at)].filter(Boolean).join(' · ')))] : null,
    ];
  }

  // The files of the complaint, in builds that keep them (the record endpoints): pictures shown,
  // anything else linked. Absent from the complaint: nothing to show.
  function photos(files) {
    if (!Array.isArray(files) || !files.length) return null;
    return h('section', { class: 'card', 'aria-labelledby': 'photos-h' }, h('h2', { id: 'photos-h' }, t('photos')),
      h('ul', { class: 'photos' }, files.map((f) => h('li', {}, h('a', { href: f.url, target: '_blank', rel: 'noopener' },
        f.mediaType?.startsWith('image/') ? h('img', { src: f.url, alt: f.name || f.sha256, loading: 'lazy' }) : f.name || f.sha256),
      h('span', { class: 'meta' }, [when(f.addedAt), f.addedBy].filter(Boolean).join(' · '))))));
  }

  function noticeBox() {
    return h('div', { id: 'page-notice', class: `notice ${notice.kind}`, role: 'alert', tabindex: -1 }, notice.text,
      notice.reload ? [' ', h('button', { type: 'button', class: 'secondary', on: { click: () => { notice = null; load(); } } },
        t('loadLatest'))] : null);
  }

  function summary(e) {
    const d = e.data;
    return d.text || d.result || d.content || d.note || d.reason || d.explanation || d.cause || d.newDemands || d.comment || null;
  }

  const handlerSelects = [];
  const handlers = { bind: (select) => handlerSelects.push(select) };

  function wireHandlerPicker() {
    const department = main.querySelector('#a-dispatch-department');
    const select = handlerSelects[handlerSelects.length - 1];
    if (!department || !select) return;
    const fill = async () => {
      const chosen = department.value;
      select.replaceChildren(h('option', { value: '' }, t('choose')));
      if (!chosen) return;
      try {
        const estate = encodeURIComponent(c.complainant.estate);
        const people = await Promise.all(['handler', 'department_head'].map((role) =>
          api(`/v1/users?role=${role}&department=${chosen}&estate=${estate}`).then((r) => r.data.items)));
        for (const person of people.flat()) {
          select.append(h('option', { value: person.id }, `${person.name} (${label('role', person.role)})`));
        }
      } catch (error) { reportError(error); }
    };
    department.addEventListener('change', fill);
    fill();
  }

  function actionForm(action) {
    const { controls, value, prefix, files } = actionFields(action, c, { maxContentLength: app.settings.maxContentLength || 5000, handlers,
      staffFiles: app.settings.staffFiles === true });
    const submit = h('button', { type: 'submit' }, label('action', action));
    const form = h('form', { novalidate: true, on: {
      input: () => { dirty = true; },
      submit: async (event) => {
        event.preventDefault();
        for (const [name] of ACTIONS[action]) fieldError(form, prefix + name, '');
        submit.disabled = true;
        try {
          const body = value();
          const photos = files();
          // Photos are stored first (content-addressed); the action names them. Each one is a
          // change of the complaint: sent one after the other, each with the version the last left.
          const stored = [];
          for (const photo of photos) {
            const answer = await upload(`${base}/attachments`, photo, { ifMatch: etag });
            if (answer.etag) etag = answer.etag;
            stored.push(answer.files[0].sha256);
          }
          // A paper confirmation names the photo of the signed form; other actions list their photos.
          if (action === 'confirm') { if (stored.length) body.signedForm = stored[0]; } else if (stored.length) body.attachments = stored;
          const answer = await api(`${base}/${action}`, { method: 'POST', body, ifMatch: etag });
          c = answer.data;
          etag = answer.etag;
          notice = { kind: 'ok', text: `${label('action', action)} · ${t('done_')}` };
          events = (await api(`${base}/events?limit=200`)).data.items;
          dirty = false;
          render();
          toast(`${c.id} · ${label('action', action)} · ${t('done_')}`);
        } catch (error) {
          submit.disabled = false;
          if (!(error instanceof ApiError) || error.status === 401) return reportError(error);
          if (error.status === 412) {
            const current = (error.headers?.get('ETag') || '?').replaceAll('"', '');
            // Say so in place: re-rendering would throw away what they typed.
            notice = { kind: 'warn', text: t('conflict', { version: current }), reload: true };
            main.querySelector('#changed-elsewhere')?.remove();
            main.querySelector('#page-notice')?.remove();
            const shown = noticeBox();
            main.querySelector('h1')?.after(shown);
            return shown.focus();
          }
          if (error.status === 422) {
            for (const [name, message] of Object.entries(error.fieldErrors)) fieldError(form, prefix + name, message);
          }
          notice = { kind: 'bad', text: error.message };
          const line = form.querySelector('.form-problem');
          line.textContent = error.status === 403 ? t('forbidden') : error.message;
          line.hidden = false;
        }
      },
    } },
    h('p', { class: 'notice bad form-problem', role: 'alert', hidden: true }),
    controls,
    submit);
    return h('details', { class: 'action', open: c.allowedActions.filter((a) => ACTIONS[a] && a !== 'progress' && a !== 'link'
      && a !== 'upgrade' && a !== 'extend')[0] === action }, h('summary', {}, label('action', action)), form);
  }

  const onEvent = (event) => {
    if (event.type === 'complaint' && event.detail.complaintId !== id) return;
    if (dirty) {
      // Someone is typing: say so, and keep what they typed.
      if (!main.querySelector('#changed-elsewhere')) {
        main.querySelector('h1')?.after(h('div', { id: 'changed-elsewhere', class: 'notice warn', role: 'alert' }, t('changedElsewhere'), ' ',
          h('button', { type: 'button', class: 'secondary', on: { click: () => { notice = null; load(); } } }, t('loadLatest'))));
      }
      return;
    }
    load();
  };
  app.events.addEventListener('complaint', onEvent);
  app.events.addEventListener('reset', onEvent);
  const ticker = setInterval(() => { if (c && !dirty) render(); }, 30000);
  mount(main, h('p', { role: 'status' }, t('loading')));
  load();
  return () => {
    app.events.removeEventListener('complaint', onEvent);
    app.events.removeEventListener('reset', onEvent);
    clearInterval(ticker);
  };
}
