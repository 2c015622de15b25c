// The account page's privacy panels: "Download my data" (a background export with progress, then a link to the zip)
// and "Delete my account" (password confirmation; a 409 says what to do with the money first).
import { $, api, describe, session } from './app.js';

const POLL_MS = 1000;

async function waitForExport(exportId) {
  const progress = $('#export-progress');
  const status = $('#export-status');
  progress.hidden = false;
  for (;;) {
    const job = await api(`/api/me/export/${encodeURIComponent(exportId)}`);
    progress.value = job.progress;
    if (job.status === 'ready') return job;
    if (job.status === 'failed' || job.status === 'expired') throw new Error(job.error || `The export ${job.status}.`);
    status.textContent = `Preparing your data: ${job.progress} % (${job.step || 'queued'})…`;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

// The archive needs the bearer token, so it is fetched here and offered as a file.
async function archiveUrl(downloadUrl) {
  const response = await fetch(downloadUrl, { headers: { Authorization: `Bearer ${session.token}` } });
  if (!response.ok) throw new Error(response.status === 410 ? 'The archive expired; start a new export.' : `The download failed (${response.status}).`);
  return URL.createObjectURL(await response.blob());
}

$('#export-start').addEventListener('click', async () => {
  const button = $('#export-start');
  const status = $('#export-status');
  const link = $('#export-link');
  button.disabled = true;
  link.hidden = true;
  status.textContent = 'Starting your export…';
  try {
    const started = await api('/api/me/export', { method: 'POST' });
    const job = await waitForExport(started.exportId);
    link.href = await archiveUrl(job.downloadUrl);
    link.download = `stagecast-export-${job.exportId}.zip`;
    link.hidden = false;
    const size = job.bytes >= 1e6 ? `${(job.bytes / 1e6).toFixed(1)} MB` : `${Math.max(1, Math.round(job.bytes / 1e3))} KB`;
    status.textContent = `Your data is ready (${size}). The link works until ${new Date(job.expiresAt).toLocaleString()}.`;
  } catch (e) {
    status.textContent = describe(e);
  } finally {
    button.disabled = false;
  }
});

$('#delete-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const status = $('#delete-status');
  if (!window.confirm('Delete your account for good? This cannot be undone.')) return;
  status.textContent = 'Deleting your account…';
  try {
    await api('/api/me', { method: 'DELETE', body: { password: $('#delete-password').value } });
    session.clear();
    location.href = '/login.html?deleted=1';
  } catch (e) {
    status.textContent = e.code === 'invalid_credentials' ? 'That is not your password.' : describe(e);
  }
});
