// Calls to complaintd's API from the pages: JSON in and out, problem+json errors as ApiError,
// the session's CSRF token on every change made with the cookie, If-Match when asked.
import { lang, t } from './i18n.js';

let csrfToken = null;
/** The token `POST/GET /v1/session` returned; sent as X-CSRF-Token on every change. */
export function setCSRFToken(token) { csrfToken = token; }

/** An answer that was not 2xx: its status, problem+json body and headers. */
export class ApiError extends Error {
  constructor(status, problem, headers) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
    this.headers = headers;
  }

  /** The last segment of the problem type (e.g. "validation-failed"). */
  get slug() { return (this.problem.type || '').split('/').pop(); }

  /** Seconds the server asks to wait (Retry-After), if any. */
  get retryAfter() { return Number(this.headers?.get('Retry-After')) || null; }

  /** Per-field messages of a 422 (field → message). */
  get fieldErrors() {
    const errors = {};
    for (const item of this.problem.errors || []) errors[item.field] = item.message;
    return errors;
  }
}

/** fetch with JSON: `api('/v1/complaints', {method: 'POST', body: {...}, ifMatch: '"3"'})` → {data, etag, status}. */
export async function api(path, { method = 'GET', body, ifMatch, headers = {}, accept = 'application/json' } = {}) {
  // Problems come worded in the language the page shows, not the browser's.
  const request = { method, headers: { Accept: accept, 'Accept-Language': lang === 'en' ? 'en' : 'zh-CN', ...headers }, credentials: 'same-origin' };
  if (body !== undefined) {
    request.headers['Content-Type'] = 'application/json';
    request.body = JSON.stringify(body);
  }
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) request.headers['X-CSRF-Token'] = csrfToken;
  if (ifMatch) request.headers['If-Match'] = ifMatch;
  let response;
  try {
    response = await fetch(path, request);
  } catch {
    throw new ApiError(0, { detail: t('networkError') });
  }
  const type = response.headers.get('Content-Type') || '';
  if (!response.ok) {
    const problem = type.includes('json') ? await response.json().catch(() => null) : null;
    throw new ApiError(response.status, problem, response.headers);
  }
  let data = null;
  if (accept !== 'application/json') data = await response.blob();
  else if (response.status !== 204 && type.includes('json')) data = await response.json();
  return { data, etag: response.headers.get('ETag'), status: response.status, headers: response.headers };
}

/** Sends one file as the raw body (the service sniffs its type; `name` in the query); answers the
 *  JSON, with the complaint's new `etag` when the service gives one (staff uploads). `ifMatch`:
 *  the version the page shows, so a photo is never added to a complaint changed meanwhile. */
export async function upload(path, file, { ifMatch } = {}) {
  const separator = path.includes('?') ? '&' : '?';
  const headers = { Accept: 'application/json', 'Accept-Language': lang === 'en' ? 'en' : 'zh-CN', 'Content-Type': file.type || 'application/octet-stream' };
  if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
  if (ifMatch) headers['If-Match'] = ifMatch;
  let response;
  try {
    response = await fetch(`${path}${separator}name=${encodeURIComponent(file.name || 'photo')}`,
      { method: 'POST', body: file, headers, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, { detail: t('networkError') });
  }
  const data = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, data, response.headers);
  return { ...data, etag: response.headers.get('ETag') };
}

/** A random Idempotency-Key: a double click or a retried request never registers twice. */
export function idempotencyKey() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
