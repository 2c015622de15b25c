import { api, $, el, session, requireLogin, describe } from './app.js';

// Upload page: the file goes up resumably over tus 1.0 (tus-js-client, docs/videos.md "Resumable upload"), or with a
// plain multipart POST where tus-js-client cannot run; processing progress then arrives as `videoStatus` hub pushes,
// and GET /api/videos/{id} is polled as well in case the hub is unavailable.
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

function send(form) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/videos');
    xhr.setRequestHeader('Authorization', `Bearer ${session.token}`);
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) $('#upload-progress').value = Math.round((100 * e.loaded) / e.total); };
    xhr.onload = () => {
      let body = null;
      try { body = JSON.parse(xhr.responseText); } catch { /* empty */ }
      if (xhr.status === 202) resolve(body); else reject(new Error(body?.detail ?? `Upload failed (${xhr.status}).`));
    };
    xhr.onerror = () => reject(new Error('Cannot reach Stagecast. Check your connection and try again.'));
    xhr.send(form);
  });
}

// The server's problem details for a refused tus request (413, 415, 422...), else a plain sentence.
function tusProblem(err) {
  const response = err?.originalResponse;
  try {
    const body = JSON.parse(response?.getBody() ?? '');
    if (body?.detail) return body.detail;
  } catch { /* not JSON */ }
  return response ? `Upload failed (${response.getStatus()}).` : 'Cannot reach Stagecast. Check your connection and try again.';
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
        const retry = status === 0 || status === 409 || status === 423 || status === 429 || status >= 500;
        if (retry) $('#status').textContent = `Connection lost, resuming (try ${attempt + 1})…`;
        return retry;
      },
      onSuccess: () => (videoId ? resolve({ videoId }) : reject(new Error('The upload finished but no video was named.'))),
      onError: (err) => reject(new Error(tusProblem(err))),
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
    $('#progress-box').hidden = false;
    $('#status').textContent = 'Uploading…';
    try {
      const { videoId } = window.tus?.isSupported ? await sendResumable(file, $('#caption').value) : await send(form);
      $('#upload-progress').value = 100;
      showStatus({ status: 'uploaded', percent: 0 }, videoId);
      await watch(videoId);
    } catch (err) {
      $('#status').textContent = describe(err);
      $('#submit').disabled = false;
    }
  });
}
