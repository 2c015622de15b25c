import { api, invoke, liveHub, el, $, toast, showError, describe, session, setBalance, refreshBalance, formatNumber, formatCount, newRequestId } from './app.js';
import { attachHls } from './player.js';
import { attachWhep } from './whep.js';
import { ChatList, GiftOverlay, renderLeaders, floatHeart, giftIcon } from './room.js';
import { MatchPanel } from './match.js';
import { SideBySide } from './match-view.js';
import { subscribeButton } from './subscribe.js';
import { report } from './report.js';

const SUBSCRIBERS_ONLY = 'Subscriber-only chat is on: only the host\'s subscribers can comment.';

const roomId = new URLSearchParams(location.search).get('room');
const video = $('#player');
const chat = new ChatList($('#comments'), { tools: reportTool });

/** Signed-in viewers can report someone else's comment to the platform's operators. */
function reportTool(c) {
  const id = c.commentId ?? c.id;
  if (!session.signedIn || !id || !c.userId || c.userId === session.userId) return el('span');
  return el('span.tools', {}, el('button.small.link', {
    type: 'button', 'aria-label': `Report comment by ${c.displayName}`, title: 'Report',
    onclick: () => report('comment', `${roomId}:${id}`, `this comment by ${c.displayName}`),
  }, 'Report'));
}
const overlay = new GiftOverlay($('#overlay'));
const matchPanel = new MatchPanel($('#match'), roomId);
// During a match both rooms play over LL-HLS, side by side, in step by PROGRAM-DATE-TIME (real time has no PDT).
const sideBySide = new SideBySide($('#stage'), roomId, () => hls);
function followMatch(match) {
  if (match?.status === 'running' && match.sides?.some((s) => s.roomId === roomId) && realTime && !ended) playHls();
  sideBySide.show(match);
}
let hub = null;
// The hub's connection id once started (null if it fails): the WHEP POST names it so that a viewer who is both in
// the room's hub and watching in real time is counted once.
let markHubStarted;
const hubStarted = new Promise((resolve) => { markHubStarted = resolve; });
let hls = null;
let realTime = null;   // the WHEP session while playing in real time
let hlsUrl = null;
let gifts = new Map();
let ended = false;
let balance = null;
let pendingLikes = 0;
let likeTimer = 0;

function endedState(title, detail, replayUrl, withReplay = true) {
  ended = true;
  stopPlayback();
  $('#mode').hidden = true;
  video.removeAttribute('src');
  video.load();
  $('#live-pill').textContent = 'ENDED';
  $('#live-pill').classList.remove('live');
  $('#ended-title').textContent = title;
  $('#ended-detail').textContent = detail;
  $('#ended').hidden = false;
  for (const id of ['#comment', '#send-comment', '#like', '#gift-toggle', '#unmute']) $(id).disabled = true;
  $('#gift-drawer').hidden = true;
  if (replayUrl) offerReplay(replayUrl);
  else if (roomId && withReplay) findReplay().then((url) => { if (url) offerReplay(url); });
}

/** What the ended state says, by why the room ended (roomEnded's reason, GET /api/live/{id}'s endedReason). */
const ENDED_BECAUSE = {
  host: 'The host ended the live. Thanks for watching.',
  moderator: 'A moderator of this room ended the live.',
  removed: 'This live was removed for breaking the community guidelines.',
  stream_lost: 'The host\'s stream dropped and did not come back.',
  idle: 'The live ended after a long quiet spell.',
};

function endedBecause(reason) {
  return ENDED_BECAUSE[reason] ?? 'Thanks for watching.';
}

function replayOf(info) {
  return info?.replayUrl ?? null;
}

/** The newest finished recording of the room, once the recorder has closed it (a few seconds after the end). */
async function findReplay() {
  const url = `/hls/${encodeURIComponent(roomId)}/replay/index.m3u8`;
  for (let attempt = 0; attempt < 5 && ended; attempt++) {
    try {
      const response = await fetch(url, { cache: 'no-store' });
      if (response.ok) return url;
    } catch { /* offline: try again */ }
    await new Promise((r) => setTimeout(r, 2000));
  }
  return null;
}

function offerReplay(replayUrl) {
  const replay = $('#replay');
  replay.hidden = false;
  replay.onclick = () => {
    $('#ended').hidden = true;
    $('#live-pill').textContent = 'REPLAY';
    $('#unmute').disabled = false;
    stopPlayback();
    hls = attachHls(video, replayUrl, { lowLatency: false });
    video.addEventListener('canplay', () => video.play().catch(() => {}), { once: true });
    video.play().catch(() => {});
  };
}

async function load() {
  if (!roomId) {
    endedState('No room chosen', 'Pick a live from the home page.', null, false);
    return;
  }
  let info;
  try {
    info = await api(`/api/live/${encodeURIComponent(roomId)}`);
  } catch (e) {
    $('#room-title').textContent = 'Live not found';
    endedState(e.status === 404 ? 'This live does not exist' : 'Could not open this live', describe(e), null, false);
    return;
  }
  showInfo(info);
  if (info.status && !/live|created|open|starting|reconnecting/i.test(info.status)) {
    endedState('This live has ended', endedBecause(info.endedReason), replayOf(info), info.endedReason !== 'removed');
    return;
  }
  if (info.status === 'reconnecting') chat.system('The host\'s stream dropped. The live goes on as soon as they are back.');
  hlsUrl = info.hlsUrl ?? `/hls/${encodeURIComponent(roomId)}/index.m3u8`;
  $('#mode').addEventListener('click', () => {
    if (realTime) playHls(); else playRealTime();
  });
  playRealTime();
  connectHub();
  if (!session.signedIn) {
    $('#comment').placeholder = 'Log in to comment';
    $('#comment').addEventListener('focus', () => { location.href = `/login.html?next=${encodeURIComponent(location.pathname + location.search)}`; }, { once: true });
  }
}

function showInfo(info) {
  $('#room-title').textContent = info.title || 'Untitled live';
  document.title = `${info.title || 'Live'} · Stagecast`;
  const host = info.hostDisplayName ?? info.host?.displayName;
  $('#room-host').textContent = host ? `Hosted by ${host}` : '';
  if (info.hostId && !$('#room-subscribe').dataset.creator) {
    $('#room-subscribe').dataset.creator = info.hostId;
    subscribeButton(info.hostId).then((b) => { if (b) $('#room-subscribe').replaceChildren(b); }).catch(() => {});
  }
  if (info.viewers !== undefined) $('#viewer-pill').textContent = `${formatNumber(info.viewers)} watching`;
  if (info.likes !== undefined) { $('#like-pill').textContent = `❤ ${formatNumber(info.likes)}`; $('#like-pill').dataset.total = info.likes; }
  renderLeaders($('#leaders'), info.topGifters);
}

function stopPlayback() {
  if (ended) sideBySide.hide();
  hls?.destroy();
  hls = null;
  realTime?.close();
  realTime = null;
  video.srcObject = null;
}

function showMode(label, title) {
  const mode = $('#mode');
  mode.hidden = false;
  mode.textContent = label;
  mode.title = title;
}

/** WHEP when the room offers it (a WebRTC publisher on this gateway), else LL-HLS. */
async function playRealTime() {
  stopPlayback();
  try {
    const hubId = await Promise.race([hubStarted, new Promise((resolve) => setTimeout(() => resolve(null), 5000))]);
    const query = hubId ? `?hub=${encodeURIComponent(hubId)}` : '';
    const session = await attachWhep(video, `/api/live/${encodeURIComponent(roomId)}/whep${query}`, {
      onFailed: () => { if (!ended && realTime === session) playHls(); },
    });
    if (ended) { session.close(); return; }
    realTime = session;
    video.muted = true;
    video.play().catch(() => {});
    if (session.videoOnly) {
      showMode('Real-time (no sound)', 'Playing in real time (WebRTC) without sound: this room sends its sound only over LL-HLS. Unmute or click for LL-HLS.');
    } else {
      showMode('Real-time', 'Playing in real time (WebRTC). Click for LL-HLS.');
    }
  } catch {
    if (!ended) playHls();
  }
}

function playHls() {
  stopPlayback();
  play(hlsUrl);
  showMode('LL-HLS', 'Playing low-latency HLS. Click to try real time.');
}

function play(url) {
  let retries = 0;
  hls = attachHls(video, url, {
    lowLatency: true,
    onFatal: () => { if (!ended && retries++ === 0) chat.system('Waiting for the video…'); },
  });
  video.muted = true;
  video.play().catch(() => {});
}

async function connectHub() {
  hub = liveHub();
  matchPanel.listen(hub);
  hub.on('match', followMatch);
  hub.on('batch', (b) => { if (b.match) followMatch(b.match); });
  hub.on('comment', (c) => { if (c.roomId === roomId) chat.addComment(c); });
  hub.on('commentDeleted', (d) => { if (d.roomId === roomId) chat.remove(String(d.commentId)); });
  hub.on('gift', (g) => {
    if (g.roomId !== roomId) return;
    const name = gifts.get(g.giftId)?.name;
    chat.addGift(g, name);
    overlay.show(g, name);
  });
  hub.on('moreGifts', (m) => { if (m.roomId === roomId) chat.addMoreGifts(m); });
  hub.on('viewers', (v) => { if (v.roomId === roomId) $('#viewer-pill').textContent = `${formatNumber(v.count)} watching`; });
  hub.on('likes', (l) => {
    if (l.roomId !== roomId) return;
    const before = Number($('#like-pill').dataset.total || 0);
    $('#like-pill').dataset.total = l.total;
    $('#like-pill').textContent = `❤ ${formatNumber(l.total)}`;
    for (let i = 0; i < Math.min(3, l.total - before - 0); i++) floatHeart($('#overlay'));
  });
  hub.on('leaderboard', (b) => { if (b.roomId === roomId) renderLeaders($('#leaders'), b.topGifters); });
  hub.on('roomEnded', (r) => { if (r.roomId === roomId) endedState('This live has ended', endedBecause(r.reason), replayOf(r), r.reason !== 'removed'); });
  hub.on('moderation', (m) => {
    if (m.roomId !== roomId) return;
    const me = session.userId && m.userId === session.userId;
    if (m.action === 'ban' && me) banned();
    else if (m.action === 'mute' && me) {
      const until = m.until ? ` until ${new Date(m.until).toLocaleTimeString()}` : '';
      $('#comment-error').textContent = `A moderator has muted you in this room${until}.`;
    } else if (m.action === 'unmute' && me) $('#comment-error').textContent = '';
    else if (m.action === 'slowMode') chat.system(m.seconds ? `Slow mode is on: one comment every ${m.seconds} s.` : 'Slow mode is off.');
    else if (m.action === 'subscribersOnly') chat.system(SUBSCRIBERS_ONLY);
    else if (m.action === 'allChat') chat.system('Everyone can comment again.');
  });
  hub.onreconnecting(() => chat.system('Connection lost, reconnecting…'));
  hub.onreconnected(() => { if (!ended) join().catch(showError); });
  try {
    await hub.start().catch((e) => { markHubStarted(null); throw e; });
    markHubStarted(hub.connectionId);
    await join();
  } catch (e) {
    if (e.code === 'banned') banned();
    else if (e.code === 'room_ended') endedState('This live has ended', 'Thanks for watching.');
    else showError(e);
  }
}

function banned() {
  endedState('You were removed from this live', 'The host has banned you from this room.', null, false);
  hub?.stop();
}

async function join() {
  const snapshot = await invoke(hub, 'JoinRoom', roomId);
  matchPanel.load().then(followMatch);
  showInfo({ ...snapshot, title: snapshot?.title ?? $('#room-title').textContent });
  $('#comments').replaceChildren();
  for (const c of snapshot?.comments ?? snapshot?.lastComments ?? []) chat.addComment(c);
  chat.system(session.signedIn ? 'Welcome! Be kind in the comments.' : 'Welcome! Log in to comment, like and send gifts.');
  if (snapshot?.slowModeSeconds) chat.system(`Slow mode is on: one comment every ${snapshot.slowModeSeconds} s.`);
  if (snapshot?.subscribersOnly) chat.system(SUBSCRIBERS_ONLY);
}

$('#comment-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const input = $('#comment');
  const text = input.value.trim();
  if (!text || !hub) return;
  if (!session.signedIn) { location.href = `/login.html?next=${encodeURIComponent(location.pathname + location.search)}`; return; }
  $('#comment-error').textContent = '';
  $('#send-comment').disabled = true;
  try {
    await invoke(hub, 'SendComment', roomId, text);
    input.value = '';
  } catch (err) {
    $('#comment-error').textContent = describe(err);
    if (err.code === 'banned') banned();
  } finally {
    $('#send-comment').disabled = ended;
    input.focus();
  }
});

$('#unmute').addEventListener('click', () => {
  video.muted = !video.muted;
  // Sound is wanted but the real-time session has none (an RTMP room): LL-HLS carries it.
  if (!video.muted && realTime?.videoOnly) {
    playHls();
    video.muted = false;
  }
  $('#unmute').textContent = video.muted ? 'Tap to unmute' : 'Mute';
  video.play().catch(() => {});
});
video.addEventListener('volumechange', () => { $('#unmute').textContent = video.muted ? 'Tap to unmute' : 'Mute'; });

// Likes are batched: taps within half a second travel as one Like(roomId, count).
$('#like').addEventListener('click', () => {
  if (!hub || !session.signedIn) { toast('Log in to like.', 'error'); return; }
  floatHeart($('#overlay'));
  pendingLikes++;
  clearTimeout(likeTimer);
  likeTimer = setTimeout(async () => {
    const count = pendingLikes;
    pendingLikes = 0;
    try { await invoke(hub, 'Like', roomId, count); } catch (err) { showError(err); }
  }, 500);
});

// ---- Gifts ----

$('#gift-toggle').addEventListener('click', async () => {
  if (!session.signedIn) { location.href = `/login.html?next=${encodeURIComponent(location.pathname + location.search)}`; return; }
  const drawer = $('#gift-drawer');
  drawer.hidden = !drawer.hidden;
  $('#gift-toggle').setAttribute('aria-expanded', String(!drawer.hidden));
  if (!drawer.hidden) {
    const wallet = await refreshBalance();
    if (wallet) showBalance(wallet.coins);
    drawer.querySelector('button')?.focus();
  }
});

function showBalance(coins) {
  balance = coins;
  $('#drawer-balance').textContent = formatNumber(coins);
  setBalance(coins);
  for (const b of document.querySelectorAll('.gift-button')) {
    b.classList.toggle('unaffordable', Number(b.dataset.coins) * Number($('#gift-count').value) > coins);
  }
}

async function loadGifts() {
  const box = $('#gifts');
  box.replaceChildren(el('p.state.loading', {}, el('span.spinner'), 'Loading gifts…'));
  try {
    const list = await api('/api/gifts');
    gifts = new Map(list.map((g) => [g.giftId, g]));
    box.replaceChildren(...list.map((g) => el('button.gift-button', {
      type: 'button', dataset: { giftId: g.giftId, coins: g.coins }, 'aria-label': `Send ${g.name} for ${formatCount(g.coins, 'coin')}`,
      onclick: () => sendGift(g),
    }, el('span.icon', { 'aria-hidden': 'true' }, giftIcon(g)), el('span', {}, g.name), el('span.price', {}, `● ${formatNumber(g.coins)}`))));
  } catch (e) {
    box.replaceChildren(el('p.state.error', { role: 'alert' }, `Gifts are not available: ${describe(e)}`));
  }
}

async function sendGift(gift) {
  if (!hub) return;
  const count = Number($('#gift-count').value) || 1;
  if (balance !== null && gift.coins * count > balance) {
    toast(`${gift.name} ×${count} costs ${formatCount(gift.coins * count, 'coin')}; you have ${formatNumber(balance)}. Top up in your wallet.`, 'error');
    return;
  }
  try {
    const receipt = await invoke(hub, 'SendGift', roomId, gift.giftId, count, newRequestId());
    if (receipt?.coins !== undefined) showBalance(receipt.coins);
  } catch (e) {
    showError(e);
    if (e.code === 'banned') banned();
  }
}

loadGifts();
load();

$('#report-room').addEventListener('click', () => {
  if (!session.signedIn) { location.href = `/login.html?next=${encodeURIComponent(location.pathname + location.search)}`; return; }
  report('room', roomId, 'this live');
});
