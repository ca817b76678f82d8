// The owner's part of the record (issue 10): confirm the result and sign with a finger on the
// screen, say whether it is solved and satisfying, add photos. The service says in
// /v1/public/settings whether this build takes them (`ownerConfirm`, `ownerPhotos`); when it does
// not, the page says plainly how to do it instead rather than offering a button that fails.
import { ApiError, upload as uploadFile } from './api.js';
import { h } from './dom.js';
import { lang } from './i18n.js';

const TEXTS = {
  confirmTitle: ['确认处理结果', 'Confirm the result'],
  confirmLater: ['在线确认签字暂未开通：回访时请告诉我们是否解决、是否满意，我们会记录在案。',
    'Online confirmation is not available yet: tell us at the follow-up call whether it is solved and whether you are satisfied.'],
  solved: ['问题解决了吗？', 'Is it solved?'], satisfied: ['您对处理满意吗？', 'Are you satisfied?'],
  yes: ['是', 'Yes'], no: ['否', 'No'],
  comment: ['补充说明（选填）', 'Anything to add (optional)'],
  sign: ['请在框内用手指签名', 'Sign with your finger in the box'],
  clear: ['重写', 'Clear'], send: ['确认并签名', 'Confirm and sign'],
  needAnswers: ['请回答两个问题并签名。', 'Answer both questions and sign.'],
  confirmed: ['已确认，谢谢您的评价。', 'Confirmed; thank you.'],
  alreadyConfirmed: ['您已确认过处理结果，谢谢。', 'You have confirmed the result; thank you.'],
  photosTitle: ['补充照片', 'Add photos'],
  photosLater: ['在线上传照片暂未开通，如需补充照片请联系物业前台。', 'Uploading photos is not available yet; please give photos to the front desk.'],
  choosePhotos: ['选择照片', 'Choose photos'], upload: ['上传', 'Upload'], uploaded: ['照片已上传。', 'Photos uploaded.'],
};
const say = (key) => TEXTS[key][lang === 'zh' ? 0 : 1];

let features = { ownerConfirm: false, ownerPhotos: false };
/** Takes the flags from /v1/public/settings. */
export function setRecordFeatures(settings) { features = { ...features, ...settings }; }

const CONFIRMABLE = ['replied', 'visited'];

/** The confirmation/signature and photo sections for complaint `c` (tracking code `code`). */
export function recordSection(code, c, updated) {
  const sections = [];
  if (CONFIRMABLE.includes(c.status)) sections.push(confirmCard(code, c, updated));
  if (c.status !== 'closed') sections.push(photoCard(code, c, updated));
  return sections;
}

function card(id, title, ...children) {
  return h('section', { class: 'card', 'aria-labelledby': id }, h('h2', { id }, title), ...children);
}

function confirmCard(code, c, updated) {
  if (!features.ownerConfirm) return card('confirm-h', say('confirmTitle'), h('p', { class: 'muted' }, say('confirmLater')));
  if (c.ownerConfirmed) return card('confirm-h', say('confirmTitle'), h('p', { class: 'notice ok' }, say('alreadyConfirmed')));
  const question = (name, key) => h('fieldset', {}, h('legend', {}, say(key)), h('div', { class: 'choices' },
    [['true', 'yes'], ['false', 'no']].map(([value, word]) => h('label', {}, h('input', { type: 'radio', name, value }), say(word)))));
  const comment = h('textarea', { id: 'c-comment', rows: 2, maxlength: 2000 });
  const pad = signaturePad();
  const problem = h('p', { class: 'notice bad', role: 'alert', hidden: true });
  const form = h('form', { novalidate: true, on: { submit: async (event) => {
    event.preventDefault();
    const answer = (name) => form.querySelector(`input[name=${name}]:checked`)?.value;
    if (!answer('c-solved') || !answer('c-satisfied') || pad.empty()) {
      problem.textContent = say('needAnswers');
      problem.hidden = false;
      return;
    }
    try {
      const signature = await upload(code, await pad.png(), 'signature.png');
      const body = { solved: answer('c-solved') === 'true', satisfied: answer('c-satisfied') === 'true',
        signature: { attachment: signature.sha256 } };
      if (comment.value.trim()) body.comment = comment.value.trim();
      updated(await send(`/v1/track/${encodeURIComponent(code)}/confirm`, JSON.stringify(body), 'application/json'),
        { kind: 'ok', text: say('confirmed') });
    } catch (error) {
      problem.textContent = error.message;
      problem.hidden = false;
    }
  } } },
  problem, question('c-solved', 'solved'), question('c-satisfied', 'satisfied'),
  h('div', { class: 'field' }, h('label', { for: 'c-comment' }, say('comment')), comment),
  h('div', { class: 'field' }, h('p', { id: 'sign-label' }, say('sign')), pad.element,
    h('button', { type: 'button', class: 'link', on: { click: pad.clear } }, say('clear'))),
  h('button', { type: 'submit' }, say('send')));
  return card('confirm-h', say('confirmTitle'), form);
}

function photoCard(code, c, updated) {
  if (!features.ownerPhotos) return card('photos-h', say('photosTitle'), h('p', { class: 'muted' }, say('photosLater')));
  const input = h('input', { type: 'file', id: 'p-files', accept: 'image/jpeg,image/png', multiple: true });
  const problem = h('p', { class: 'notice bad', role: 'alert', hidden: true });
  const form = h('form', { novalidate: true, on: { submit: async (event) => {
    event.preventDefault();
    try {
      for (const file of input.files) await upload(code, file, file.name);
      updated(await send(`/v1/track/${encodeURIComponent(code)}`), { kind: 'ok', text: say('uploaded') });
    } catch (error) {
      problem.textContent = error.message;
      problem.hidden = false;
    }
  } } }, problem, h('div', { class: 'field' }, h('label', { for: 'p-files' }, say('choosePhotos')), input),
  h('button', { type: 'submit', class: 'secondary' }, say('upload')));
  // The signature is part of the confirmation, not one of the photos the owner added.
  const signature = c.confirmation?.signature?.attachment;
  const shown = (c.attachments || []).filter((f) => f.mediaType?.startsWith('image/') && f.sha256 !== signature);
  return card('photos-h', say('photosTitle'), shown.length ? h('ul', { class: 'photos' }, shown.map((f) =>
    h('li', {}, h('img', { src: f.url, alt: f.name || say('photosTitle'), loading: 'lazy' })))) : null, form);
}

/** Sends one file through the tracking code; answers the stored file. */
async function upload(code, blob, name) {
  const file = blob instanceof File ? blob : new File([blob], name, { type: blob.type || 'image/png' });
  return (await uploadFile(`/v1/track/${encodeURIComponent(code)}/attachments`, file)).files[0];
}

async function send(path, body, type) {
  const request = body === undefined ? {} : { method: 'POST', body, headers: { 'Content-Type': type } };
  const headers = { Accept: 'application/json', 'Accept-Language': lang === 'en' ? 'en' : 'zh-CN', ...request.headers };
  const response = await fetch(path, { ...request, headers });
  const data = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, data, response.headers);
  return data;
}

/** A canvas the owner signs on with a finger, pen or mouse (pointer events). */
function signaturePad() {
  const canvas = h('canvas', { class: 'signature-pad', width: 600, height: 200, role: 'img', 'aria-labelledby': 'sign-label' });
  const context = canvas.getContext('2d');
  context.lineWidth = 3;
  context.lineCap = 'round';
  let drawing = false, strokes = 0;
  const at = (event) => {
    const box = canvas.getBoundingClientRect();
    return [(event.clientX - box.left) * canvas.width / box.width, (event.clientY - box.top) * canvas.height / box.height];
  };
  canvas.addEventListener('pointerdown', (event) => {
    drawing = true;
    strokes += 1;
    canvas.setPointerCapture(event.pointerId);
    context.beginPath();
    context.moveTo(...at(event));
  });
  canvas.addEventListener('pointermove', (event) => {
    if (!drawing) return;
    context.lineTo(...at(event));
    context.stroke();
  });
  for (const end of ['pointerup', 'pointercancel']) canvas.addEventListener(end, () => { drawing = false; });
  return {
    element: canvas,
    empty: () => strokes === 0,
    clear: () => { context.clearRect(0, 0, canvas.width, canvas.height); strokes = 0; },
    png: () => new Promise((resolve) => canvas.toBlob(resolve, 'image/png')),
  };
}
