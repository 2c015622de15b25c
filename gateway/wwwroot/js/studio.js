import { api, liveRooms, invoke, liveHub, el, $, toast, showError, describe, requireLogin, formatNumber, session } from './app.js';
import { WhipPublisher } from './whip.js';
import { ChatList, GiftOverlay, renderLeaders, floatHeart } from './room.js';
import { MatchPanel } from './match.js';
import { moderation } from './moderation.js';

// Not signed in: requireLogin has sent the browser to the login page; stop here quietly.
if (!requireLogin()) await new Promise(() => {});

const preview = $('#preview');
const status = (text) => { $('#status').textContent = text; };
let stream = null;
let matchPanel = null;
let room = null;          // {roomId, whipUrl, streamKey, hlsUrl, rtmpUrl, whepUrl, rtmpsUrl}
let publisher = null;
let hub = null;
let mod = null;
let healthTimer = 0;
let ending = false;       // the room is being closed (End live pressed, or roomEnded arrived)
let gifts = new Map();
const keywords = [];
const moderators = new Map();
const restricted = new Map();
const overlay = new GiftOverlay($('#overlay'));

const chat = new ChatList($('#comments'), { tools: commentTools });

function commentTools(c) {
  if (!c.userId || c.userId === session.userId) return el('span');
  const id = c.commentId ?? c.id;
  const act = (label, text, fn) => el('button.small.link', { type: 'button', 'aria-label': `${label} ${c.displayName}`, title: label, onclick: fn }, text);
  return el('span.tools', {},
    id ? act('Delete comment by', 'Delete', () => run(() => mod.deleteComment(id), 'Comment deleted', () => chat.remove(id))) : null,
    act('Mute', 'Mute', () => run(() => mod.mute(c.userId, 300), `${c.displayName} is muted for 5 minutes`, () => mark(restricted, c, 'muted'))),
    act('Ban', 'Ban', () => run(() => mod.ban(c.userId), `${c.displayName} is banned from this room`, () => mark(restricted, c, 'banned'))),
    act('Make moderator:', 'Mod', () => run(() => mod.addModerator(c.userId), `${c.displayName} is now a moderator`, () => mark(moderators, c, 'moderator'))));
}

async function run(action, done, after) {
  if (!mod) { toast('Go live first.', 'error'); return; }
  try {
    await action();
    after?.();
    toast(done, 'ok');
  } catch (e) {
    showError(e);
  }
}

function mark(map, c, what) {
  map.set(c.userId, { name: c.displayName ?? c.userId, what });
  renderTags();
}

function renderTags() {
  const tags = (map, box, empty, onRemove) => {
    box.replaceChildren(...(map.size ? [...map].map(([id, v]) => el('span.tag', {}, `${v.name}${v.what && v.what !== 'moderator' ? ` (${v.what})` : ''} `,
      onRemove ? el('button.link.small', { type: 'button', 'aria-label': `Remove ${v.name}`, onclick: () => onRemove(id, v) }, '✕') : null))
      : [el('span.muted.small', {}, empty)]));
  };
  tags(moderators, $('#moderators'), 'None', (id, v) => run(() => mod.removeModerator(id), `${v.name} is no longer a moderator`, () => { moderators.delete(id); renderTags(); }));
  tags(restricted, $('#restricted'), 'Nobody', (id, v) => run(() => (v.what === 'banned' ? mod.unban(id) : mod.unmute(id)), `${v.name} may take part again`, () => { restricted.delete(id); renderTags(); }));
  $('#keywords').replaceChildren(...keywords.map((w) => el('span.tag', {}, `${w} `,
    el('button.link.small', { type: 'button', 'aria-label': `Unblock ${w}`, onclick: () => setKeywords(keywords.filter((k) => k !== w)) }, '✕'))));
}

async function setKeywords(words) {
  await run(() => mod.keywords(words), 'Blocked keywords saved', () => { keywords.splice(0, keywords.length, ...words); renderTags(); });
}

// ---- Camera and microphone ----

async function startCamera() {
  const cameraId = $('#camera').value;
  const micId = $('#microphone').value;
  stream?.getTracks().forEach((t) => t.stop());
  try {
    stream = await navigator.mediaDevices.getUserMedia({
      video: { deviceId: cameraId ? { exact: cameraId } : undefined, width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 30 } },
      audio: { deviceId: micId ? { exact: micId } : undefined },
    });
  } catch (e) {
    $('#camera-state').hidden = false;
    $('#camera-state').textContent = e.name === 'NotAllowedError'
      ? 'Camera and microphone access was blocked. Allow it in the browser’s address bar, then reload.'
      : `No camera or microphone is available (${e.message}). You can still stream with OBS.`;
    status('Camera unavailable.');
    return;
  }
  $('#camera-state').hidden = true;
  preview.srcObject = stream;
  await fillDevices();
  $('#go-live').disabled = !!room && !!publisher;
  status(room ? 'Camera switched.' : 'Camera ready. Add a title and press Go live.');
  // Swap tracks into a running WHIP session without renegotiating.
  if (publisher?.pc) {
    for (const sender of publisher.pc.getSenders()) {
      const track = stream.getTracks().find((t) => t.kind === sender.track?.kind);
      if (track) await sender.replaceTrack(track);
    }
  }
}

async function fillDevices() {
  const devices = await navigator.mediaDevices.enumerateDevices();
  const fill = (select, kind, current, noun) => {
    const list = devices.filter((d) => d.kind === kind);
    select.replaceChildren(...list.map((d, i) => el('option', { value: d.deviceId, selected: d.deviceId === current }, d.label || `${noun} ${i + 1}`)));
  };
  fill($('#camera'), 'videoinput', stream?.getVideoTracks()[0]?.getSettings().deviceId, 'Camera');
  fill($('#microphone'), 'audioinput', stream?.getAudioTracks()[0]?.getSettings().deviceId, 'Microphone');
}

$('#camera').addEventListener('change', startCamera);
$('#microphone').addEventListener('change', startCamera);

// ---- Room, WHIP, hub ----

async function openRoom() {
  if (room) return room;
  const title = $('#title').value.trim() || 'Live now';
  room = await api('/api/live', { method: 'POST', body: { title } });
  showObs();
  await connectHub();
  return room;
}

function showObs() {
  $('#obs-details').hidden = false;
  $('#whip-url').textContent = new URL(room.whipUrl, location.href).toString();
  // rtmpUrl is null when the gateway takes no RTMP; the key is the RTMP stream name.
  $('#rtmp-row').hidden = !room.rtmpUrl;
  $('#rtmp-url').textContent = room.rtmpUrl ?? '';
  // rtmpsUrl (RTMP over TLS) is null unless the gateway has an RTMPS certificate; same stream key.
  $('#rtmps-row').hidden = !room.rtmpsUrl;
  $('#rtmps-url').textContent = room.rtmpsUrl ?? '';
  $('#watch-link').href = `/watch.html?room=${encodeURIComponent(room.roomId)}`;
  $('#end-live').hidden = false;
  $('#obs-room').disabled = true;
  $('#title').disabled = true;
}

async function goLive() {
  const button = $('#go-live');
  button.disabled = true;
  status('Opening your room…');
  try {
    await openRoom();
    if (!stream) throw new Error('The camera is not running: use OBS with the key below.');
    status('Connecting video…');
    publisher = new WhipPublisher(stream);
    publisher.onstate = (state) => {
      $('#h-state').textContent = state;
      if (state === 'failed') { status('The video connection failed. Press End live and try again.'); setLive(false); }
    };
    await publisher.publish(new URL(room.whipUrl, location.href).toString(), room.streamKey);
    try {
      await api(`/api/live/${encodeURIComponent(room.roomId)}/start`, { method: 'POST' });
    } catch (e) {
      // Media arriving may already have made the room live; only a real refusal matters.
      if (e.status !== 404 && e.status !== 409) throw e;
    }
    setLive(true);
    status('You are live.');
    healthTimer = setInterval(updateHealth, 1000);
  } catch (e) {
    publisher?.close();
    publisher = null;
    button.disabled = false;
    status(`Could not go live: ${describe(e)}`);
    showError(e);
  }
}

function setLive(live) {
  $('#live-pill').textContent = live ? 'LIVE' : 'OFFLINE';
  $('#live-pill').classList.toggle('live', live);
  $('#go-live').disabled = live || !stream;
}

async function updateHealth() {
  const h = await publisher?.health();
  if (!h) return;
  $('#h-state').textContent = h.state ?? '—';
  if (h.kbps !== undefined) $('#h-bitrate').textContent = `${formatNumber(h.kbps)} kbps`;
  if (h.width) $('#h-resolution').textContent = `${h.width}×${h.height}`;
  if (h.fps !== undefined) $('#h-fps').textContent = `${h.fps} fps`;
  if (h.codec) $('#h-codec').textContent = h.codec.replace('video/', '');
}

async function endLive() {
  if (!room) return;
  if (!confirm('End your live for everyone?')) return;
  $('#end-live').disabled = true;
  status('Ending…');
  ending = true;
  await stopPublishing();
  try {
    await api(`/api/live/${encodeURIComponent(room.roomId)}`, { method: 'DELETE' });
  } catch (e) {
    if (e.status !== 404 && e.status !== 409) showError(e);
  }
  await closeRoom('You ended the live.', 'Live ended. Thanks for streaming!');
}

/** What the studio says when the room ended anywhere but its own End live button (roomEnded's reason). */
const ENDED_ELSEWHERE = {
  host: 'Your live was ended from another tab or device.',
  moderator: 'A moderator of your room ended the live.',
  removed: 'Stagecast removed your live for breaking the community guidelines.',
  stream_lost: 'Your stream dropped and did not come back in time, so the live ended.',
  idle: 'Your live ended after a long quiet spell without video.',
};

/** The room ended elsewhere: stop sending video and say why. */
async function endedElsewhere(reason) {
  if (!room || ending) return;
  ending = true;
  await stopPublishing();
  const why = ENDED_ELSEWHERE[reason] ?? 'Your live has ended.';
  await closeRoom(why, `${why} Go live again when you are ready.`);
}

async function stopPublishing() {
  clearInterval(healthTimer);
  await publisher?.stop();
  publisher = null;
  // The health panel describes a running stream only.
  for (const id of ['#h-state', '#h-bitrate', '#h-resolution', '#h-fps', '#h-codec']) $(id).textContent = '—';
}

async function closeRoom(chatLine, statusLine) {
  setLive(false);
  chat.system(chatLine);
  status(statusLine);
  $('#viewer-pill').textContent = '0 watching';
  try { await hub?.stop(); } catch { /* closing */ }
  hub = null;
  mod = null;
  room = null;
  $('#end-live').hidden = true;
  $('#end-live').disabled = false;
  $('#obs-room').disabled = false;
  $('#title').disabled = false;
  $('#obs-details').hidden = true;
  $('#go-live').disabled = !stream;
  ending = false;
}

async function connectHub() {
  hub = liveHub();
  matchPanel = new MatchPanel($('#match'), room.roomId, { host: true });
  matchPanel.listen(hub);
  // A random opponent was found (or any match began): no longer waiting.
  hub.on('match', () => { $('#match-random-state').textContent = ''; $('#match-random-cancel').hidden = true; });
  hub.on('comment', (c) => { if (c.roomId === room?.roomId) chat.addComment(c); });
  hub.on('gift', (g) => {
    if (g.roomId !== room?.roomId) return;
    const name = gifts.get(g.giftId)?.name;
    chat.addGift(g, name);
    overlay.show(g, name);
  });
  hub.on('moreGifts', (m) => { if (m.roomId === room?.roomId) chat.addMoreGifts(m); });
  hub.on('viewers', (v) => { $('#viewer-pill').textContent = `${formatNumber(v.count)} watching`; });
  hub.on('likes', (l) => {
    const before = Number($('#like-pill').dataset.total || 0);
    $('#like-pill').dataset.total = l.total;
    $('#like-pill').textContent = `❤ ${formatNumber(l.total)}`;
    for (let i = 0; i < Math.min(5, l.total - before); i++) floatHeart($('#overlay'));
  });
  hub.on('leaderboard', (b) => renderLeaders($('#leaders'), b.topGifters));
  hub.on('roomEnded', (r) => { if (r.roomId === room?.roomId) endedElsewhere(r.reason); });
  hub.on('commentDeleted', (d) => chat.remove(String(d.commentId)));
  hub.on('moderation', (m) => {
    if (m.action === 'unmute' || m.action === 'unban') { restricted.delete(m.userId); renderTags(); }
  });
  hub.onreconnecting(() => status('Connection lost, reconnecting…'));
  hub.onreconnected(() => { status('Reconnected.'); invoke(hub, 'JoinRoom', room.roomId).catch(showError); });
  await hub.start();
  mod = moderation(room.roomId);
  const snapshot = await invoke(hub, 'JoinRoom', room.roomId);
  matchPanel.load();
  $('#match-invite').hidden = false;
  refreshOpponents();
  mod.get().then((m) => {
    keywords.splice(0, keywords.length, ...(m?.blockedKeywords ?? []));
    $('#slow').value = String(m?.slowModeSeconds ?? 0);
    $('#subs-only').checked = Boolean(m?.subscribersOnly);
    renderTags();
  }).catch(() => {});
  $('#comments').replaceChildren();
  chat.system('Your room is open. Comments and gifts appear here.');
  for (const c of snapshot?.comments ?? snapshot?.lastComments ?? []) chat.addComment(c);
  renderLeaders($('#leaders'), snapshot?.topGifters);
  if (snapshot?.viewers !== undefined) $('#viewer-pill').textContent = `${formatNumber(snapshot.viewers)} watching`;
}

$('#go-live').addEventListener('click', goLive);
$('#end-live').addEventListener('click', endLive);
$('#obs-room').addEventListener('click', async () => {
  try {
    await openRoom();
    status('Room open: start streaming from OBS with the URL and key below.');
  } catch (e) {
    showError(e);
  }
});

const copy = async (text, what) => {
  try {
    await navigator.clipboard.writeText(text);
    toast(`${what} copied`, 'ok');
  } catch {
    toast(`Copy failed: select the ${what.toLowerCase()} and copy it by hand.`, 'error');
  }
};
$('#copy-url').addEventListener('click', () => copy($('#whip-url').textContent, 'WHIP URL'));
$('#copy-rtmp').addEventListener('click', () => copy($('#rtmp-url').textContent, 'RTMP URL'));
$('#copy-rtmps').addEventListener('click', () => copy($('#rtmps-url').textContent, 'RTMPS URL'));
$('#copy-key').addEventListener('click', () => copy(room?.streamKey ?? '', 'Stream key'));
$('#show-key').addEventListener('click', (e) => {
  const shown = e.target.getAttribute('aria-pressed') === 'true';
  e.target.setAttribute('aria-pressed', String(!shown));
  e.target.textContent = shown ? 'Show' : 'Hide';
  $('#stream-key').textContent = shown ? '••••••••' : room?.streamKey ?? '';
});

$('#slow-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const seconds = Math.max(0, Math.min(300, Number($('#slow').value) || 0));
  run(() => mod.slowMode(seconds), seconds ? `Slow mode: one comment every ${seconds} s` : 'Slow mode off');
});
$('#subs-only').addEventListener('change', async (e) => {
  const enabled = e.target.checked;
  let done = false;
  await run(() => mod.subscribersOnly(enabled), enabled ? 'Subscriber-only chat is on' : 'Everyone can comment again', () => { done = true; });
  if (!done) e.target.checked = !enabled;
});
$('#keyword-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const word = $('#keyword').value.trim().toLowerCase();
  if (!word || keywords.includes(word)) return;
  $('#keyword').value = '';
  setKeywords([...keywords, word]);
});

window.addEventListener('beforeunload', (e) => {
  if (publisher) { e.preventDefault(); e.returnValue = ''; }
});

api('/api/gifts').then((list) => { gifts = new Map((list ?? []).map((g) => [g.giftId, g])); }).catch(() => {});
renderTags();
if (!navigator.mediaDevices?.getUserMedia) {
  $('#camera-state').hidden = false;
  $('#camera-state').textContent = 'This browser cannot capture a camera here (it needs https or localhost). Use OBS.';
} else {
  startCamera();
}

$('#match-random').addEventListener('click', async () => {
  try {
    const waiting = await matchPanel?.random(Number($('#match-duration').value) || undefined);
    $('#match-random-state').textContent = waiting ? 'Waiting for another host…' : '';
    $('#match-random-cancel').hidden = !waiting;
  } catch (err) { showError(err); }
});
$('#match-random-cancel').addEventListener('click', async () => {
  try {
    await matchPanel?.cancelRandom();
  } catch (err) { showError(err); }
  $('#match-random-state').textContent = '';
  $('#match-random-cancel').hidden = true;
});

// The hosts live now (GET /api/live, this room left out) are offered by name in the opponent field, which also takes
// a watch link or a room id. Refreshed when the invite panel opens and whenever the field gets focus.
let liveHosts = [];
async function refreshOpponents() {
  if (!room) return;
  try {
    liveHosts = (await liveRooms()).filter((r) => r.roomId !== room?.roomId && r.hostId !== session.userId);
    $('#live-hosts').replaceChildren(...liveHosts.map((r) =>
      el('option', { value: r.hostDisplayName, label: `${r.title || 'Live'} · ${formatNumber(r.viewers)} watching` })));
  } catch { /* the field still takes a link or a room id */ }
}

function opponentRoom(text) {
  const named = liveHosts.filter((r) => (r.hostDisplayName ?? '').toLowerCase() === text.toLowerCase());
  if (named.length === 1) return named[0].roomId;
  const link = /[?&]room=([^&#\s]+)/.exec(text);
  return link ? decodeURIComponent(link[1]) : text;
}

$('#match-opponent').addEventListener('focus', refreshOpponents);

$('#match-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const text = $('#match-opponent').value.trim();
  if (!liveHosts.length) await refreshOpponents();
  try {
    await matchPanel?.invite(opponentRoom(text), Number($('#match-duration').value) || undefined);
  } catch (err) {
    showError(['unknown_room', 'invalid_opponent'].includes(err.code) ? new Error(`Nobody called “${text}” is live now. Pick a host from the list.`) : err);
  }
});
