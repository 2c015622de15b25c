// Reporting a user, comment, room or video to the platform's operators (POST /api/reports).
import { api, describe, toast } from './app.js';

/** Asks for a reason and files the report; a repeat of an open report is acknowledged the same way. */
export async function report(targetType, targetId, what) {
  const reason = window.prompt(`Why are you reporting ${what}?`, '');
  if (reason === null) return;
  if (!reason.trim()) { toast('Say briefly what is wrong, so the operators can act.', 'error'); return; }
  try {
    const filed = await api('/api/reports', { method: 'POST', body: { targetType, targetId, reason } });
    toast(filed?.duplicate ? 'You already reported this; the operators have it.' : 'Thanks: the operators will review your report.', 'ok');
  } catch (e) {
    toast(describe(e), 'error');
  }
}
