import { api, $, el, session, requireLogin, describe, toast, formatNumber, formatTime } from './app.js';

// Upload page: the file goes up resumably over tus 1.0 (tus-js-client, docs/videos.md "Resumable upload"), or with a
// plain multipart POST where tus-js-client cannot run; processing progress then arrives as `videoStatus` hub pushes,
// and GET /api/videos/{id} is polled as well in case the hub is unavailable. The user's upload quota
// (GET /api/me/upload-quota) shows above the form; a refusal (429 upload_quota) says when to try again.
const SUGGESTED = ['fyp', 'dance', 'comedy', 'music', 'food', 'travel', 'pets', 'gaming', 'diy', 'sports'];

function renderSuggestions() {
  const caption = $('#caption');
  const used = new Set((caption.value.match(/#[\p{L}\p{M}\p{Nd}_]+/gu) ?? []).map((t) => t.slice(1).toLowerCase()));
  const typing = (caption.value.match(/#([\p{L}\p{M}\p{Nd}_]*)$/u) ?? [])[1]?.toLowerCase();
  const tags = SUGGESTED.filter((t) => !used.has(t) && (!typing || t.startsWith(typing))).slice(0, 6);
  $('#suggestions').replaceChildren(...tags.map((t) => el('button.small', {
    type: 'button',
    onclick: () => {
      caption.value = typing !== undefined ? caption.value.replace(/#[\p{L}\p{M}\p{Nd}_]*$/u, `#${t} `) : `${caption.value.trimEnd()} #${t} `.trimStart();
      caption.focus();
      renderSuggestions();
    },
  }, `#${t}`)));
}

function showStatus({ status, percent, failureReason }, videoId) {
  const processing = $('#processing-progress');
  processing.value = status === 'ready' ? 100 : (percent ?? 0);
  const text = { uploaded: 'Uploaded, waiting to process…', processing: `Processing… ${percent ?? 0}%`, ready: 'Ready! Your video is live in the feed.', failed: `Processing failed: ${failureReason ?? 'unknown reason'}` };
  $('#status').textContent = text[status] ?? status;
  if (status === 'ready') {
    const link = $('#done-link');
    link.href = `/profile.html?user=${encodeURIComponent(session.userId)}`;
    link.hidden = false;
  }
  return status === 'ready' || status === 'failed' ? videoId : null;
}

const size = (bytes) => (bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(1)} GiB` : `${Math.ceil(bytes / 2 ** 20)} MiB`);

// "3 of 50 uploads today · 1 of 3 unfinished · 1.2 GiB of 10.0 GiB", and when the next one frees once one is full.
async function showQuota() {
  let q;
  try {
    q = await api('/api/me/upload-quota');
  } catch {
    return; // The form still works; the server refuses past the quota.
  }
  const dayFull = q.uploadsUsed >= q.uploadsPerDay || q.bytesUsed >= q.bytesPerDay;
  const full = dayFull || q.unfinishedUploads >= q.concurrentUploads;
  const line = [
    `${formatNumber(q.uploadsUsed)} of ${formatNumber(q.uploadsPerDay)} uploads today`,
    `${q.unfinishedUploads} of ${q.concurrentUploads} unfinished`,
    `${size(q.bytesUsed)} of ${size(q.bytesPerDay)}`,
  ].join(' · ');
  const box = $('#quota');
  // replaceChildren writes a null out as the text "null": leave the part out instead.
  box.replaceChildren(line, ...(dayFull && q.nextFreeAt ? [el('span', {}, ` · the next upload frees at ${formatTime(q.nextFreeAt)}`)] : []));
  box.classList.toggle('field-error', full);
  box.hidden = false;
}

// A refusal by the upload quota: the server's sentence and the local time when trying again can succeed.
function quotaRefusal(problem) {
  const at = problem.retryAt ? ` (That is ${formatTime(problem.retryAt)}.)` : '';
  return `${problem.detail ?? 'You reached your upload limit.'}${at}`;
}

function refusedByQuota(message) {
  const box = $('#quota-refusal');
  box.textContent = message;
  box.hidden = false;
  toast(message, 'error');
  showQuota();
}

class QuotaError extends Error {}

function send(form) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/videos');
    xhr.setRequestHeader('Authorization', `Bearer ${session.token}`);
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) $('#upload-progress').value = Math.round((100 * e.loaded) / e.total); };
    xhr.onload = () => {
      let body = null;
      try { body = JSON.parse(xhr.responseText); } catch { /* empty */ }
      if (xhr.status === 202) resolve(body);
      else if (body?.code === 'upload_quota') reject(new QuotaError(quotaRefusal(body)));
      else reject(new Error(body?.detail ?? `Upload failed (${xhr.status}).`));
    };
    xhr.onerror = () => reject(new Error('Cannot reach Stagecast. Check your connection and try again.'));
    xhr.send(form);
  });
}

function problemOf(err) {
  try {
    return JSON.parse(err?.originalResponse?.getBody() ?? '');
  } catch {
    return null; // not JSON
  }
}

// The server's problem details for a refused tus request (413, 415, 422, 429 upload_quota...), else a plain sentence.
function tusProblem(err) {
  const response = err?.originalResponse;
  const body = problemOf(err);
  if (body?.code === 'upload_quota') return new QuotaError(quotaRefusal(body));
  if (body?.detail) return new Error(body.detail);
  return new Error(response ? `Upload failed (${response.getStatus()}).` : 'Cannot reach Stagecast. Check your connection and try again.');
}

// Resumable upload: 8 MiB PATCHes; a broken connection is retried from the offset the server kept (HEAD), and an
// upload cut off by closing the page resumes when the same file is chosen again (its URL is kept in localStorage,
// per user and file). The PATCH that completes it answers with the new video's id.
function sendResumable(file, caption) {
  return new Promise((resolve, reject) => {
    let videoId = null;
    const upload = new tus.Upload(file, {
      endpoint: '/api/videos/uploads',
      chunkSize: 8 * 1024 * 1024,
      retryDelays: [0, 1000, 3000, 5000, 10000, 20000, 30000],
      metadata: { filename: file.name, caption },
      removeFingerprintOnSuccess: true,
      fingerprint: async (f) => ['stagecast', session.userId, f.name, f.type, f.size, f.lastModified].join(':'),
      onBeforeRequest: (req) => { req.setHeader('Authorization', `Bearer ${session.token}`); },
      onAfterResponse: (req, res) => { videoId = res.getHeader('Stagecast-Video-Id') || videoId; },
      onProgress: (sent, total) => { $('#upload-progress').value = Math.round((100 * sent) / total); },
      onShouldRetry: (err, attempt) => {
        const status = err?.originalResponse?.getStatus() ?? 0;
        // A refusal by the upload quota lasts until Retry-After: retrying at once cannot help.
        if (problemOf(err)?.code === 'upload_quota') return false;
        const retry = status === 0 || status === 409 || status === 423 || status === 429 || status >= 500;
        if (retry) $('#status').textContent = `Connection lost, resuming (try ${attempt + 1})…`;
        return retry;
      },
      onSuccess: () => (videoId ? resolve({ videoId }) : reject(new Error('The upload finished but no video was named.'))),
      onError: (err) => reject(tusProblem(err)),
    });
    upload.findPreviousUploads()
      .then((previous) => { if (previous.length > 0) upload.resumeFromPreviousUpload(previous[0]); })
      .finally(() => upload.start());
  });
}

async function watch(videoId) {
  let finished = false;
  if (window.signalR) {
    const hub = new signalR.HubConnectionBuilder().withUrl('/hubs/live', { accessTokenFactory: () => session.token }).build();
    hub.on('videoStatus', (s) => { if (s.videoId === videoId && showStatus(s, videoId)) { finished = true; hub.stop(); } });
    hub.start().catch(() => {});
  }
  while (!finished) {
    await new Promise((r) => setTimeout(r, 1000));
    try {
      const v = await api(`/api/videos/${encodeURIComponent(videoId)}`);
      if (showStatus(v, videoId)) finished = true;
    } catch { /* keep waiting */ }
  }
}

if (requireLogin()) {
  showQuota();
  renderSuggestions();
  $('#caption').addEventListener('input', renderSuggestions);
  $('#upload-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const file = $('#file').files[0];
    if (!file) return;
    const form = new FormData();
    form.append('caption', $('#caption').value);
    form.append('file', file);
    $('#submit').disabled = true;
    $('#quota-refusal').hidden = true;
    $('#progress-box').hidden = false;
    $('#status').textContent = 'Uploading…';
    try {
      const { videoId } = window.tus?.isSupported ? await sendResumable(file, $('#caption').value) : await send(form);
      $('#upload-progress').value = 100;
      showStatus({ status: 'uploaded', percent: 0 }, videoId);
      showQuota();
      await watch(videoId);
    } catch (err) {
      if (err instanceof QuotaError) {
        // Nothing was sent: the progress box would only show empty bars.
        $('#progress-box').hidden = true;
        refusedByQuota(err.message);
      } else {
        $('#status').textContent = describe(err);
      }
      $('#submit').disabled = false;
    }
  });
}
