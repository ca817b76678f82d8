// Clocks in words: "还剩 3 小时", "已超时 2 小时", "超时 1 小时完成", and local date-times in the
// company's time zone (the service's workflow.timeZone, Asia/Shanghai by default).
import { lang, t } from './i18n.js';

let zone = 'Asia/Shanghai';
/** Uses the service's time zone for every date shown. */
export function setTimeZone(name) { if (name) zone = name; }

/** A duration in the largest sensible units: "3 小时", "1 天 4 小时", "25 分钟". */
export function duration(milliseconds) {
  const minutes = Math.floor(Math.abs(milliseconds) / 60000);
  if (minutes < 1) return t('lessThanMinute');
  const days = Math.floor(minutes / 1440), hours = Math.floor((minutes % 1440) / 60), rest = minutes % 60;
  const parts = [];
  if (days) parts.push(t('days', { n: days }));
  if (hours) parts.push(t('hours', { n: hours }));
  if (!days && rest && hours < 3) parts.push(t('minutes', { n: rest }));
  return parts.join(' ');
}

/** A clock's state in words and a kind for styling: ok, soon (< 2 h), overdue, met, late. */
export function clockState(deadline, now = Date.now()) {
  const due = Date.parse(deadline.dueAt);
  if (deadline.metAt) {
    const met = Date.parse(deadline.metAt);
    return met <= due ? { kind: 'met', text: t('metOnTime') } : { kind: 'late', text: t('metLate', { time: duration(met - due) }) };
  }
  if (due <= now) return { kind: 'overdue', text: t('overdueBy', { time: duration(now - due) }) };
  return { kind: due - now < 2 * 3600 * 1000 ? 'soon' : 'ok', text: t('remaining', { time: duration(due - now) }) };
}

/** "11月22日 14:05" / "Nov 22, 14:05" in the company's zone (the year when it is not this one). */
export function when(iso) {
  if (!iso) return '—';
  const date = new Date(iso);
  const parts = {};
  for (const part of new Intl.DateTimeFormat('en-GB', { timeZone: zone, year: 'numeric', month: 'numeric', day: 'numeric',
    hour: '2-digit', minute: '2-digit', hour12: false }).formatToParts(date)) parts[part.type] = part.value;
  const sameYear = Number(parts.year) === new Date().getFullYear();
  if (lang === 'zh') return `${sameYear ? '' : `${parts.year}年`}${Number(parts.month)}月${Number(parts.day)}日 ${parts.hour}:${parts.minute}`;
  const month = new Intl.DateTimeFormat('en-GB', { timeZone: zone, month: 'short' }).format(date);
  return `${Number(parts.day)} ${month}${sameYear ? '' : ` ${parts.year}`}, ${parts.hour}:${parts.minute}`;
}

/** YYYY-MM-DD of an instant in the company's zone. */
export function localDate(date = new Date()) {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
  return parts;
}

/** The ISO week (YYYY-Www) of a YYYY-MM-DD date. */
export function isoWeek(day) {
  const date = new Date(`${day}T00:00:00Z`);
  const weekday = (date.getUTCDay() + 6) % 7;
  date.setUTCDate(date.getUTCDate() - weekday + 3);
  const year = date.getUTCFullYear();
  const firstThursday = new Date(Date.UTC(year, 0, 4));
  const week = 1 + Math.round(((date - firstThursday) / 86400000 - 3 + ((firstThursday.getUTCDay() + 6) % 7)) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The seven dates (YYYY-MM-DD) of an ISO week. */
export function daysOfWeek(week) {
  const [year, number] = week.split('-W').map(Number);
  const fourth = new Date(Date.UTC(year, 0, 4));
  const monday = new Date(fourth);
  monday.setUTCDate(fourth.getUTCDate() - ((fourth.getUTCDay() + 6) % 7) + (number - 1) * 7);
  return Array.from({ length: 7 }, (_, i) => new Date(monday.getTime() + i * 86400000).toISOString().slice(0, 10));
}
