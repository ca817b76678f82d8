// Registering a phone or walk-in complaint: the form of POST /v1/complaints, with the open
// complaints at the unit shown while the receptionist types it (GET /v1/duplicates), and a
// receipt with the owner's tracking link to hand over.
import { ApiError, api, idempotencyKey } from '../api.js';
import { field, fieldError, h, mount } from '../dom.js';
import { codes, label, t } from '../i18n.js';
import { when } from '../time.js';
import { qrCode } from '../qr.js';
import { reportError } from './app.js';
import { excerpt } from './shared.js';

const FIELD_IDS = {
  'complainant.name': 'r-name', 'complainant.phone': 'r-phone', 'complainant.estate': 'r-estate', 'complainant.building': 'r-building',
  'complainant.unit': 'r-unit', content: 'r-content', demands: 'r-demands', category: 'r-category', incidentPlace: 'r-place',
  complaintObject: 'r-object', channel: 'r-channel',
};

export function registerView(main, app) {
  document.title = `${t('navRegister')} · complaintd`;
  const input = (name, type = 'text', max = 100, extra = {}) => h('input', { type, name, maxlength: max, autocomplete: 'off', ...extra });
  const name = input('name'), phone = h('input', { type: 'tel', name: 'phone', maxlength: 40 });
  const estate = input('estate', 'text', 200, { value: app.me.estates?.length === 1 ? app.me.estates[0] : '' });
  const building = input('building'), unit = input('unit');
  const content = h('textarea', { name: 'content', rows: 5, maxlength: app.settings.maxContentLength || 5000 });
  const demands = h('textarea', { name: 'demands', rows: 2, maxlength: 2000 });
  const category = h('select', { name: 'category' }, h('option', { value: '' }, t('choose')),
    codes('category').map((code) => h('option', { value: code }, label('category', code))));
  const place = input('incidentPlace', 'text', 200), object = input('complaintObject', 'text', 200);
  const channel = h('fieldset', { id: 'r-channel' }, h('legend', {}, t('channel')), h('div', { class: 'choices' },
    ['phone', 'visit', 'other'].map((code, i) => h('label', {}, h('input', { type: 'radio', name: 'channel', value: code, checked: i === 0 }),
      label('channel', code)))));
  const hints = h('div', { class: 'duplicates', 'aria-live': 'polite', hidden: true });
  const summary = h('div', { class: 'error-summary', role: 'alert', tabindex: '-1' });
  const submit = h('button', { type: 'submit' }, t('save'));
  const key = idempotencyKey();

  let hintTimer = null;
  const lookUp = () => {
    clearTimeout(hintTimer);
    hintTimer = setTimeout(async () => {
      const values = [estate.value.trim(), building.value.trim(), unit.value.trim()];
      if (values.some((v) => !v)) { hints.hidden = true; return; }
      try {
        const query = new URLSearchParams({ estate: values[0], building: values[1], unit: values[2] });
        const { data } = await api(`/v1/duplicates?${query}`);
        hints.hidden = false;
        mount(hints, h('h2', {}, t('duplicatesTitle')),
          data.items.length ? [h('p', {}, t('duplicatesHint')), h('ul', {}, data.items.map((c) => h('li', {},
            h('a', { href: `/console/complaints/${encodeURIComponent(c.id)}` }, c.id), ' ', label('status', c.status), ' · ',
            when(c.receivedAt), ' · ', excerpt(c.content))))]
            : h('p', { class: 'muted' }, t('noDuplicates')));
      } catch (error) {
        reportError(error);
      }
    }, 350);
  };
  for (const control of [estate, building, unit]) control.addEventListener('input', lookUp);

  const form = h('form', { novalidate: true, on: { submit: async (event) => {
    event.preventDefault();
    for (const id of Object.values(FIELD_IDS)) fieldError(form, id, '');
    summary.replaceChildren();
    const body = {
      channel: form.querySelector('input[name="channel"]:checked')?.value || 'phone',
      complainant: { name: name.value.trim(), phone: phone.value.trim(), estate: estate.value.trim(), building: building.value.trim(),
        unit: unit.value.trim() },
      content: content.value.trim(),
      demands: demands.value.trim() || undefined,
      category: category.value || undefined,
      incidentPlace: place.value.trim() || undefined,
      complaintObject: object.value.trim() || undefined,
    };
    submit.disabled = true;
    try {
      const { data } = await api('/v1/complaints', { method: 'POST', body, headers: { 'Idempotency-Key': key } });
      receipt(main, data);
    } catch (error) {
      submit.disabled = false;
      if (!(error instanceof ApiError) || error.status === 401) return reportError(error);
      const links = [];
      for (const [fieldName, message] of Object.entries(error.fieldErrors)) {
        const id = FIELD_IDS[fieldName];
        if (id) fieldError(form, id, message);
        links.push(h('li', {}, id ? h('a', { href: `#${id}` }, `${fieldName}: ${message}`) : `${fieldName}: ${message}`));
      }
      mount(summary, h('p', {}, error.status === 422 ? t('fixErrors') : error.message), links.length ? h('ul', {}, links) : null);
      summary.focus();
    }
  } } },
  summary,
  channel,
  h('div', { class: 'grid2' }, field('r-name', t('owner'), name, { required: true }), field('r-phone', t('phone'), phone, { required: true })),
  h('div', { class: 'grid3' }, field('r-estate', t('estate'), estate, { required: true }),
    field('r-building', t('building'), building, { required: true }), field('r-unit', t('unit'), unit, { required: true })),
  hints,
  field('r-content', t('content'), content, { required: true, hint: t('contentHint', { n: app.settings.maxContentLength || 5000 }) }),
  field('r-demands', t('ownerDemands'), demands),
  h('details', {}, h('summary', {}, t('moreDetails')),
    field('r-category', t('category'), category), field('r-place', t('incidentPlace'), place), field('r-object', t('complaintObject'), object)),
  h('div', { class: 'actions-row' }, submit));
  mount(main, h('h1', {}, t('registerTitle')), h('div', { class: 'card' }, form));
  return () => clearTimeout(hintTimer);
}

function receipt(main, c) {
  const link = `${location.origin}/#t=${c.trackingCode}`;
  const copy = h('button', { type: 'button', class: 'secondary', on: { click: async () => {
    try { await navigator.clipboard.writeText(link); copy.textContent = t('copied'); } catch { /* the link stays selectable */ }
  } } }, t('copy'));
  mount(main,
    h('h1', {}, t('registered', { id: c.id })),
    h('div', { class: 'card' },
      h('p', {}, t('giveOwner')),
      h('p', {}, h('a', { href: link, id: 'owner-link' }, link)),
      h('div', { class: 'row' }, qrCode(link, t('trackingCode')), copy)),
    h('div', { class: 'actions-row' },
      h('a', { class: 'button', href: `/console/complaints/${encodeURIComponent(c.id)}` }, t('openComplaint')),
      h('a', { class: 'button secondary', href: '/console/register' }, t('registerAnother'))));
  main.focus();
}
