// One form per workflow action, with the fields and limits of the API contract (openapi.yaml):
// texts at most 2,000 characters unless noted, the reply at most the configured content length.
import { field, h } from '../dom.js';
import { codes, label, t } from '../i18n.js';

const TEXT = 2000;

/** The fields of each action: [name, kind, labelKey, options]. Kinds: text, area, select, yesno, check, datetime. */
export const ACTIONS = {
  assess: [['valid', 'yesno', 'valid', { required: true }], ['inScope', 'yesno', 'inScope'],
    ['severity', 'select', 'severity', { group: 'severity' }], ['nature', 'select', 'nature', { group: 'nature' }],
    ['contentType', 'select', 'contentType', { group: 'contentType' }], ['category', 'select', 'category', { group: 'category' }],
    ['urgent', 'check', 'urgent'], ['explanation', 'area', 'explanation', { max: TEXT }]],
  dispatch: [['department', 'select', 'department', { group: 'category', required: true }],
    ['handler', 'handler', 'handler', { required: true }], ['note', 'area', 'note', { max: TEXT }]],
  acknowledge: [['note', 'area', 'note', { max: TEXT }]],
  progress: [['text', 'area', 'text', { max: TEXT, required: true }], ['public', 'check', 'publicNote']],
  resolve: [['measures', 'area', 'measures', { max: TEXT, required: true }], ['result', 'area', 'outcomeText', { max: TEXT, required: true }],
    ['remaining', 'area', 'remainingField', { max: TEXT }]],
  approve: [['note', 'area', 'note', { max: TEXT }]],
  reply: [['content', 'area', 'replyContent', { max: 'content', required: true }]],
  visit: [['outcome', 'select', 'visitOutcome', { group: 'outcome', required: true }], ['solved', 'yesno', 'solved'],
    ['satisfied', 'yesno', 'satisfiedQ'], ['method', 'select', 'visitMethod', { group: 'method' }],
    ['numberCalled', 'text', 'numberCalled', { max: 40 }], ['newDemands', 'area', 'newDemands', { max: TEXT }],
    ['note', 'area', 'note', { max: TEXT }]],
  close: [['cause', 'area', 'cause', { max: TEXT, required: true }], ['lessons', 'area', 'lessons', { max: TEXT, required: true }],
    ['preventiveAction', 'area', 'preventiveAction', { max: TEXT, required: true }]],
  extend: [['clock', 'clock', 'clock', { required: true }], ['dueAt', 'datetime', 'newDueAt', { required: true }],
    ['reason', 'area', 'reason', { max: TEXT, required: true }]],
  link: [['incidentId', 'text', 'incidentId', { max: 200, required: true }]],
  upgrade: [['note', 'area', 'note', { max: TEXT }]],
  // The supervisor's signed handling opinion: important and major complaints need it before dispatch.
  opinion: [['text', 'area', 'opinionText', { max: TEXT, required: true }]],
  // The owner signed the paper form: its photo (the file picker) becomes `signedForm`.
  confirm: [['solved', 'yesno', 'solved', { required: true }], ['satisfied', 'yesno', 'satisfiedQ', { required: true }],
    ['comment', 'area', 'ownerComment', { max: TEXT }]],
};

/** Actions whose result a photo may show (when the service keeps files: `staffFiles`). */
const WITH_PHOTOS = ['resolve', 'progress', 'confirm'];

/** The controls of `action`'s form for complaint `c`; `value()` reads the body to send and
 *  `files()` the photos chosen, to upload first and name in `attachments`. */
export function actionFields(action, c, { maxContentLength, handlers, staffFiles = false }) {
  const prefix = `a-${action}-`;
  const controls = [];
  const readers = {};
  let picker = null;
  if (staffFiles && WITH_PHOTOS.includes(action)) {
    picker = h('input', { type: 'file', accept: 'image/jpeg,image/png', multiple: true });
  }
  for (const [name, kind, key, options = {}] of ACTIONS[action] || []) {
    const id = prefix + name;
    const max = options.max === 'content' ? maxContentLength : options.max;
    if (kind === 'yesno') {
      const group = h('fieldset', { id, 'aria-describedby': `${id}-error` }, h('legend', {}, t(key), options.required ? ' *' : ''),
        h('p', { class: 'error', id: `${id}-error`, role: 'alert' }),
        h('div', { class: 'choices' }, [['true', 'yes'], ['false', 'no']].map(([value, word]) =>
          h('label', {}, h('input', { type: 'radio', name: id, value }), t(word)))));
      controls.push(group);
      readers[name] = () => { const checked = group.querySelector('input:checked'); return checked ? checked.value === 'true' : undefined; };
    } else if (kind === 'check') {
      const box = h('input', { type: 'checkbox', id, name: id });
      controls.push(h('div', { class: 'field choices' }, h('label', { for: id }, box, t(key))));
      readers[name] = () => box.checked;
    } else {
      let control;
      if (kind === 'area') control = h('textarea', { name: id, rows: 3, maxlength: max });
      else if (kind === 'text') control = h('input', { type: 'text', name: id, maxlength: max });
      else if (kind === 'datetime') control = h('input', { type: 'datetime-local', name: id });
      else if (kind === 'clock') {
        const armed = Object.entries(c.deadlines || {}).filter(([, d]) => !d.metAt).map(([clock]) => clock);
        control = h('select', { name: id }, h('option', { value: '' }, t('choose')), armed.map((clock) => h('option', { value: clock },
          label('clock', clock))));
      } else if (kind === 'handler') {
        control = h('select', { name: id }, h('option', { value: '' }, t('choose')));
        handlers.bind(control);
      } else {
        control = h('select', { name: id }, h('option', { value: '' }, t('choose')),
          codes(options.group).map((code) => h('option', { value: code }, label(options.group, code))));
      }
      if (name === 'department' && c.category) control.value = c.category;
      controls.push(field(id, t(key), control, { required: options.required, hint: max ? `≤ ${max}` : undefined }));
      readers[name] = () => {
        const value = control.value.trim();
        if (!value) return undefined;
        return kind === 'datetime' ? new Date(value).toISOString() : value;
      };
    }
  }
  const value = () => {
    const body = {};
    for (const [name, read] of Object.entries(readers)) {
      const v = read();
      if (v !== undefined) body[name] = v;
    }
    return body;
  };
  if (picker) controls.push(field(`${prefix}files`, t('photos'), picker));
  return { controls, value, prefix, files: () => (picker ? [...picker.files] : []) };
}
