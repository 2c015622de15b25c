import { api, $, el, session, requireLogin, describe } from './app.js';

// Upload page: the file goes up with XMLHttpRequest (fetch has no upload progress), then processing progress
// arrives as `videoStatus` hub pushes; GET /api/videos/{id} is polled as well in case the hub is unavailable.
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
      const { videoId } = await send(form);
      $('#upload-progress').value = 100;
      showStatus({ status: 'uploaded', percent: 0 }, videoId);
      await watch(videoId);
    } catch (err) {
      $('#status').textContent = describe(err);
      $('#submit').disabled = false;
    }
  });
}
