// The operators' moderation queue: open reports with their context, the actions, and the audit log.
import { $, api, describe, el, formatTime, session, toast } from './app.js';

if (!session.signedIn) {
  location.href = `/login.html?next=${encodeURIComponent('/operator.html')}`;
}

const ACTIONS = [
  ['dismiss', 'Dismiss', null],
  ['delete_content', 'Delete content', null],
  ['mute', 'Mute 24 h', 24],
  ['suspend', 'Suspend 24 h', 24],
  ['ban', 'Ban', null],
];

function context(r) {
  const c = r.context ?? {};
  const lines = (c.neighbours ?? []).map((n) =>
    el(n.isReported ? 'li.reported' : 'li', {}, el('strong', {}, n.displayName), ' ', n.text, n.isReported ? ' ← reported' : ''));
  return el('div.context', {},
    c.title ? el('p', {}, el('strong', {}, c.title)) : null,
    c.text && !lines.length ? el('p.muted', {}, c.text) : null,
    lines.length ? el('ul.small', { 'aria-label': 'The comment and its neighbours' }, lines) : null);
}

function card(r) {
  const buttons = ACTIONS
    .filter(([action]) => action !== 'delete_content' || r.targetType !== 'user')
    .map(([action, label, hours]) => el('button.small', {
      type: 'button', 'aria-label': `${label} (report ${r.reportId})`,
      onclick: () => resolve(r, action, label, hours),
    }, label));
  return el('li.panel.report', { dataset: { reportId: r.reportId } },
    el('p', {}, el('strong', {}, `${r.targetType} `), el('code', {}, r.targetId), el('span.muted.small', {}, ` · ${formatTime(r.createdAt)}`)),
    el('p', {}, 'Reason: ', el('q', {}, r.reason)),
    context(r),
    el('div.row', {}, buttons));
}

async function resolve(r, action, label, hours) {
  const reason = window.prompt(`${label}: the reason for the audit log`, r.reason);
  if (reason === null) return;
  try {
    await api(`/api/operator/reports/${encodeURIComponent(r.reportId)}/resolve`, { method: 'POST', body: { action, reason, hours } });
    toast(`${label}: done`, 'ok');
    await load();
  } catch (e) {
    toast(describe(e), 'error');
  }
}

async function load() {
  const status = $('#queue-status');
  try {
    const [reports, audit] = await Promise.all([api('/api/operator/reports?status=open'), api('/api/operator/audit?take=50')]);
    $('#reports').replaceChildren(...reports.map(card));
    status.textContent = reports.length ? `${reports.length} open report${reports.length === 1 ? '' : 's'}` : 'No open reports.';
    $('#audit').replaceChildren(...audit.map((a) => el('li', {},
      `${formatTime(a.at)}: ${a.action} ${a.targetType} ${a.targetId} by ${a.operatorId}`, a.reason ? ` (${a.reason})` : '')));
  } catch (e) {
    status.textContent = e.code === 'operator_required' ? 'Only operators can see the moderation queue.' : describe(e);
  }
}

load();
