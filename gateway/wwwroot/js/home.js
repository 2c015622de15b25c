import { api, liveRooms, el, $, setState, formatNumber, formatTime, describe, session, toast, requireLogin } from './app.js';
import { attachHls } from './player.js';
import { report } from './report.js';

async function loadRooms() {
  const box = $('#rooms');
  setState(box, 'loading', 'Loading live rooms…');
  try {
    const rooms = await liveRooms();
    if (!rooms.length) {
      setState(box, 'empty', 'Nobody is live right now. Be the first: press “Go live”.');
      return;
    }
    box.replaceChildren(...rooms.map(roomCard));
  } catch (e) {
    setState(box, 'error', `Could not load live rooms. ${describe(e)}`);
  }
}

function roomCard(room) {
  const title = room.title || 'Untitled live';
  const thumb = el('div.thumb', {}, (room.hostDisplayName || title).slice(0, 1).toUpperCase());
  if (room.thumbnailUrl) thumb.append(el('img', { src: room.thumbnailUrl, alt: '', loading: 'lazy', onerror: (e) => e.target.remove() }));
  // A host whose stream dropped has up to a minute to come back (docs/rooms.md): the card says so instead of LIVE.
  const reconnecting = room.status === 'reconnecting';
  thumb.append(reconnecting ? el('span.badge.reconnecting', {}, 'RECONNECTING') : el('span.badge', {}, 'LIVE'),
    el('span.viewers-badge', {}, `${formatNumber(room.viewers)} watching`));
  const label = `${title}, ${reconnecting ? 'host reconnecting, ' : ''}${formatNumber(room.viewers)} watching`;
  return el('a.room-card', { href: `/watch.html?room=${encodeURIComponent(room.roomId)}`, 'aria-label': label, dataset: { status: room.status ?? 'live' } },
    thumb, el('div.title', {}, title));
}

// The For You feed (GET /api/feed): vertical, one item per screen, scroll-snap. Videos autoplay muted with
// hls.js when in view; live items show LIVE and open the room. More pages load near the end (cursor).
let feedCursor = null;
let feedMuted = true;
let feedBox = null;
let observer = null;
const eventId = () => (crypto.randomUUID ? crypto.randomUUID() : String(Math.random()).slice(2));
const signal = (id, body) => api(`/api/videos/${encodeURIComponent(id)}/events`, { method: 'POST', body: { ...body, eventId: eventId() } }).catch(() => {});

function creatorLink(item) {
  return el('a.creator', { href: `/profile.html?user=${encodeURIComponent(item.creatorId)}` }, `@${item.creatorDisplayName || item.creatorId}`);
}

function liveNode(item) {
  const node = el('a.feed-item.live', { href: `/watch.html?room=${encodeURIComponent(item.roomId)}`, 'aria-label': `LIVE: ${item.title}` },
    el('span.badge', {}, 'LIVE'),
    el('div.caption', {}, el('strong', {}, item.title || 'Live'), el('div', {}, `@${item.creatorDisplayName} · ${formatNumber(item.viewers ?? 0)} watching`)));
  node.dataset.kind = 'live';
  return node;
}

function videoNode(item) {
  const video = el('video', { playsInline: true, muted: true, loop: true, preload: 'none', poster: item.thumbnailUrl });
  video.muted = true;
  const unmute = el('button.small.unmute', { type: 'button' }, feedMuted ? 'Unmute' : 'Mute');
  const toggle = () => {
    feedMuted = !feedMuted;
    for (const v of feedBox.querySelectorAll('video')) v.muted = feedMuted;
    for (const b of feedBox.querySelectorAll('.unmute')) b.textContent = feedMuted ? 'Unmute' : 'Mute';
  };
  unmute.addEventListener('click', (e) => { e.stopPropagation(); toggle(); });
  video.addEventListener('click', toggle);
  const likes = el('span.count', {}, formatNumber(item.stats?.likes ?? 0));
  const like = el('button.small.like', { type: 'button', 'aria-pressed': 'false', 'aria-label': 'Like' }, '♥ ', likes);
  // The count and pressed state follow what the server says (GET /like when the video comes into view and after
  // each toggle), so a video liked before shows as liked.
  const showLike = (on, n) => { like.setAttribute('aria-pressed', String(on)); likes.textContent = formatNumber(n); };
  like._known = (state) => showLike(state.liked, state.likes);
  // Live counts (hub videoCounts) move the number, not the viewer's own pressed state.
  like._count = (n) => showLike(like.getAttribute('aria-pressed') === 'true', n);
  like.addEventListener('click', async (e) => {
    e.stopPropagation();
    if (!requireLogin()) return;
    const was = like.getAttribute('aria-pressed') === 'true';
    try {
      const url = `/api/videos/${encodeURIComponent(item.videoId)}/like`;
      await api(url, { method: was ? 'DELETE' : 'PUT' });
      // The server's state after the toggle, not the count plus one: a live count pushed while the request was out
      // may already include this like.
      like._known(await api(url));
    } catch (err) {
      toast(describe(err), 'error');
    }
  });
  const share = el('button.small.share', { type: 'button', 'aria-label': 'Share' }, 'Share');
  share.addEventListener('click', async (e) => {
    e.stopPropagation();
    const url = `${location.origin}/?v=${encodeURIComponent(item.videoId)}`;
    try { await navigator.clipboard?.writeText(url); toast('Link copied'); } catch { /* clipboard refused */ }
    signal(item.videoId, { type: 'share' });
  });
  const commentCount = el('span.count', {}, formatNumber(item.stats?.comments ?? 0));
  const comments = el('button.small.comments', { type: 'button', 'aria-label': 'Comments', 'aria-haspopup': 'dialog' }, 'Comments ', commentCount);
  comments.addEventListener('click', (e) => { e.stopPropagation(); openComments(item, commentCount); });
  const flag = el('button.small.report', { type: 'button', 'aria-label': 'Report this video' }, 'Report');
  flag.addEventListener('click', (e) => {
    e.stopPropagation();
    if (!requireLogin()) return;
    report('video', item.videoId, 'this video');
  });
  const members = item.visibility === 'subscribers';
  // The first video served again once everything new was seen says so (reason "rewatch", docs/feed.md).
  const again = item.reason === 'rewatch' && !feedBox?.querySelector('[data-reason="rewatch"]');
  const node = el('article.feed-item', { 'aria-label': item.caption || 'Video' }, video, unmute,
    item.videoKind === 'replay' ? el('span.badge.replay', {}, 'REPLAY') : null,
    members ? el('span.members', { title: 'Plays for the creator\'s subscribers only' }, 'Subscribers only') : null,
    el('div.actions', {}, like, comments, share, flag),
    el('div.caption', {}, again ? el('p.caught-up', {}, 'You\'re all caught up. Watching again:') : null,
      creatorLink(item), el('div', {}, item.caption ?? '')));
  node.dataset.kind = 'video';
  node.dataset.videoId = item.videoId;
  node._counts = ({ likes: n, comments: c }) => {
    like._count(n);
    commentCount.textContent = formatNumber(c);
    item.stats = { ...item.stats, likes: n, comments: c };
  };
  if (item.reason) node.dataset.reason = item.reason;
  node._item = item;
  return node;
}

// Comments on a video (GET/POST /api/videos/{id}/comments) in one dialog, reused for every video.
let commentsDialog = null;
async function openComments(item, countNode) {
  if (!commentsDialog) {
    commentsDialog = el('dialog.comments-sheet', { 'aria-labelledby': 'comments-heading' },
      el('div.row.spread', {}, el('h2#comments-heading', {}, 'Comments'),
        el('button.small', { type: 'button', 'aria-label': 'Close comments', onclick: () => commentsDialog.close() }, 'Close')),
      el('ol.comment-list', { 'aria-live': 'polite' }),
      el('form.comment-form', {},
        el('input', { name: 'text', type: 'text', maxLength: 300, required: true, autocomplete: 'off', 'aria-label': 'Add a comment', placeholder: 'Add a comment…' }),
        el('button.primary.small', { type: 'submit' }, 'Post')),
      el('p.sign-in-to-comment', {}, el('a', { href: `/login.html?next=${encodeURIComponent(location.pathname + location.search)}` }, 'Log in'), ' to comment.'));
    $('.comment-form', commentsDialog).hidden = !session.signedIn;
    $('.sign-in-to-comment', commentsDialog).hidden = session.signedIn;
    commentsDialog.addEventListener('click', (e) => { if (e.target === commentsDialog) commentsDialog.close(); });
    document.body.append(commentsDialog);
  }
  const list = $('.comment-list', commentsDialog);
  const form = $('.comment-form', commentsDialog);
  const url = `/api/videos/${encodeURIComponent(item.videoId)}/comments`;
  const show = (all) => {
    // The list holds the last 100; past that the video's own count is the total.
    const total = all.length < 100 ? all.length : Math.max(all.length, item.stats?.comments ?? 0);
    countNode.textContent = formatNumber(total);
    item.stats = { ...item.stats, comments: total };
    commentsDialog._shown = total;
    if (!all.length) { setState(list, 'empty', 'No comments yet. Say something nice.'); return; }
    list.replaceChildren(...all.map((c) => el('li', {}, el('strong', {}, c.displayName), ' ', c.text, commentTools(c),
      el('time', { dateTime: c.at, title: formatTime(c.at) }, formatTime(c.at)))));
  };
  const load = async () => {
    try { show(await api(url)); } catch (e) { setState(list, 'error', `Could not load comments. ${describe(e)}`); }
  };
  // Signed in: the comment's author and the video's creator may delete it (DELETE .../comments/{id}); anyone else
  // may report it to the operators (target "video_comment", "{videoId}:{commentId}").
  const commentTools = (c) => {
    if (!session.signedIn) return null;
    const tools = el('span.tools');
    const mine = c.userId === session.userId;
    if (!mine) {
      tools.append(el('button.small.link', {
        type: 'button', 'aria-label': `Report comment by ${c.displayName}`,
        onclick: () => report('video_comment', `${item.videoId}:${c.commentId}`, `this comment by ${c.displayName}`),
      }, 'Report'));
    }
    if (mine || item.creatorId === session.userId) {
      tools.append(el('button.small.link', {
        type: 'button', 'aria-label': mine ? 'Delete your comment' : `Delete comment by ${c.displayName}`,
        onclick: async () => {
          if (!window.confirm(mine ? 'Delete your comment?' : `Delete this comment by ${c.displayName}?`)) return;
          try {
            await api(`${url}/${c.commentId}`, { method: 'DELETE' });
            toast('Comment deleted', 'ok');
          } catch (err) {
            toast(describe(err), 'error');
          }
          await load();
        },
      }, 'Delete'));
    }
    return tools;
  };
  setState(list, 'loading', 'Loading comments…');
  if (session.signedIn) {
    form.onsubmit = async (e) => {
      e.preventDefault();
      const input = form.elements.text;
      const text = input.value.trim();
      if (!text) return;
      const button = $('button', form);
      button.disabled = true;
      try {
        await api(url, { method: 'POST', body: { text } });
        input.value = '';
        await load();
      } catch (err) {
        toast(describe(err), 'error');
      } finally {
        button.disabled = false;
      }
    };
  }
  commentsDialog._videoId = item.videoId;
  commentsDialog._reload = load;
  commentsDialog.showModal();
  await load();
}

function onView(entries) {
  for (const entry of entries) {
    const node = entry.target;
    const video = node.querySelector('video');
    if (!video) continue;
    if (entry.isIntersecting && entry.intersectionRatio > 0.6) {
      const members = node._item.visibility === 'subscribers';
      // A subscribers-only video plays with the viewer's token; signed out, its poster and label stay.
      if (!video._attached && (!members || session.signedIn)) {
        attachHls(video, node._item.hlsUrl, { lowLatency: false, token: members ? session.token : undefined });
        video._attached = true;
      }
      video.muted = feedMuted;
      video.play().catch(() => {});
      node._since = performance.now();
      signal(node._item.videoId, { type: 'view' });
      watchCounts(node._item.videoId);
      const like = node.querySelector('button.like');
      if (session.signedIn && like && !like._asked) {
        like._asked = true;
        api(`/api/videos/${encodeURIComponent(node._item.videoId)}/like`).then((state) => like._known(state)).catch(() => { like._asked = false; });
      }
      if (node === feedBox.lastElementChild || node === feedBox.lastElementChild?.previousElementSibling) loadMore();
    } else if (node._since) {
      // Leaving a video reports how long it was watched (within its duration), or a skip when under 2 s.
      const watched = Math.min(Math.round(performance.now() - node._since), node._item.durationMs ?? 0);
      node._since = 0;
      video.pause();
      signal(node._item.videoId, watched < 2000 ? { type: 'skip' } : { type: 'watch', watchedMs: watched });
    } else {
      video.pause();
    }
  }
}

function append(items) {
  for (const item of items) {
    if (item.kind === 'live' && feedBox.querySelector(`[href="/watch.html?room=${CSS.escape(encodeURIComponent(item.roomId))}"]`)) continue;
    const node = item.kind === 'live' ? liveNode(item) : videoNode(item);
    feedBox.append(node);
    if (item.kind !== 'live') observer.observe(node);
  }
}

let loading = false;
async function loadMore() {
  if (loading || !feedCursor) return;
  loading = true;
  try {
    const page = await api(`/api/feed?cursor=${encodeURIComponent(feedCursor)}`);
    feedCursor = page.items.length ? page.cursor : null;
    append(page.items);
  } catch { /* the next scroll tries again */ } finally { loading = false; }
}

// A shared or profile link (/?v={videoId}) opens that video first, then the feed goes on as usual.
async function sharedVideo() {
  const id = new URLSearchParams(location.search).get('v');
  if (!id) return null;
  try {
    const v = await api(`/api/videos/${encodeURIComponent(id)}`);
    if (v.status === 'ready' && v.hlsUrl) {
      return { kind: 'video', reason: 'shared', videoId: v.videoId, creatorId: v.ownerId, creatorDisplayName: v.ownerDisplayName,
        caption: v.caption, hashtags: v.hashtags, hlsUrl: v.hlsUrl, thumbnailUrl: v.thumbnailUrl, durationMs: v.durationMs,
        stats: v.stats, videoKind: v.kind, visibility: v.visibility };
    }
    toast('This video is still being processed. Try again in a moment.');
  } catch {
    toast('This video is not available any more.', 'error');
  }
  return null;
}

async function loadFeed() {
  const box = $('#feed');
  setState(box, 'loading', 'Loading videos…');
  let page;
  let shared;
  try {
    [page, shared] = await Promise.all([api('/api/feed'), sharedVideo()]);
  } catch (e) {
    setState(box, 'error', `Could not load the feed. ${describe(e)}`);
    return;
  }
  if (shared) {
    page.items = [shared, ...page.items.filter((i) => i.videoId !== shared.videoId)];
    $('#feed-heading').scrollIntoView({ block: 'start' });
  }
  if (!page?.items?.length) {
    setState(box, 'empty', 'No short videos yet. Videos that creators post will show up here.');
    return;
  }
  feedCursor = page.cursor;
  feedBox = el('div.feed', { tabindex: '0', 'aria-label': 'For You: use arrow keys or scroll' });
  observer = new IntersectionObserver(onView, { root: feedBox, threshold: [0, 0.6, 1] });
  box.replaceChildren(feedBox);
  append(page.items);
  feedBox.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      feedBox.scrollBy({ top: (e.key === 'ArrowDown' ? 1 : -1) * feedBox.clientHeight, behavior: 'smooth' });
    }
  });
  listenForPushes();
}

// The hub (/hubs/live), for everyone on the page: the video on screen's live counts (WatchVideo, then videoCounts
// on each change: other viewers' likes and comments show up without a reload, and an open comments dialog reloads),
// and for a signed-in viewer a followed creator going live (`feed`), which goes in right after the item on screen.
let hub = null;
let watchedVideo = null;
function applyCounts(counts) {
  if (!counts || !feedBox) return;
  for (const node of feedBox.querySelectorAll(`article[data-video-id="${CSS.escape(counts.videoId)}"]`)) node._counts?.(counts);
  if (commentsDialog?.open && commentsDialog._videoId === counts.videoId && commentsDialog._shown !== counts.comments) commentsDialog._reload();
}
function watchCounts(videoId) {
  watchedVideo = videoId;
  if (hub?.state === 'Connected') hub.invoke('WatchVideo', videoId).then(applyCounts).catch(() => {});
}
async function listenForPushes() {
  if (!window.signalR) return;
  hub = new signalR.HubConnectionBuilder()
    .withUrl('/hubs/live', session.signedIn ? { accessTokenFactory: () => session.token } : {})
    .withAutomaticReconnect().build();
  hub.on('videoCounts', applyCounts);
  hub.onreconnected(() => { if (watchedVideo) watchCounts(watchedVideo); });
  hub.on('feed', ({ items }) => {
    const fresh = (items ?? []).filter((i) => i.kind === 'live');
    if (!fresh.length || !feedBox) return;
    const current = [...feedBox.children].find((n) => { const r = n.getBoundingClientRect(); return r.top >= -1 && r.top < feedBox.clientHeight / 2; });
    const nodes = fresh.filter((i) => !feedBox.querySelector(`[href="/watch.html?room=${CSS.escape(encodeURIComponent(i.roomId))}"]`)).map(liveNode);
    if (current) current.after(...nodes); else feedBox.prepend(...nodes);
    toast(`${fresh[0].creatorDisplayName} is live now`);
  });
  try {
    await hub.start();
    if (watchedVideo) watchCounts(watchedVideo);
  } catch { /* the feed still works without pushes */ }
}

loadRooms();
loadFeed();
setInterval(loadRoomsQuietly, 15000);

async function loadRoomsQuietly() {
  if (document.hidden) return;
  try {
    const rooms = await liveRooms();
    const box = $('#rooms');
    if (rooms.length) box.replaceChildren(...rooms.map(roomCard));
    else setState(box, 'empty', 'Nobody is live right now. Be the first: press “Go live”.');
  } catch { /* keep what is shown */ }
}
