import { api, el, $, setState, formatNumber, describe } from './app.js';
import { attachHls } from './player.js';

async function loadRooms() {
  const box = $('#rooms');
  setState(box, 'loading', 'Loading live rooms…');
  try {
    const result = await api('/api/live');
    const rooms = Array.isArray(result) ? result : (result?.items ?? result?.rooms ?? []);
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
  thumb.append(el('span.badge', {}, 'LIVE'), el('span.viewers-badge', {}, `${formatNumber(room.viewers)} watching`));
  return el('a.room-card', { href: `/watch.html?room=${encodeURIComponent(room.roomId)}`, 'aria-label': `${title}, ${formatNumber(room.viewers)} watching` },
    thumb, el('div.title', {}, title));
}

// The short-video feed: vertical, one at a time, scroll-snap; the one in view plays muted until tapped.
async function loadFeed() {
  const box = $('#feed');
  setState(box, 'loading', 'Loading videos…');
  let items = [];
  try {
    const result = await api('/api/feed');
    items = (result?.items ?? []).filter((i) => (i.kind ?? 'video') === 'video' && (i.hlsUrl || i.url));
  } catch {
    items = [];
  }
  if (!items.length) {
    setState(box, 'empty', 'No short videos yet. Videos that creators post will show up here.');
    return;
  }
  const feed = el('div.feed', { tabindex: '0', 'aria-label': 'Short videos: use arrow keys or scroll' });
  let muted = true;
  const videos = items.map((item) => {
    const video = el('video', { playsInline: true, muted: true, loop: true, preload: 'none', poster: item.thumbnailUrl });
    video.muted = true;
    const unmute = el('button.small.unmute', { type: 'button' }, 'Unmute');
    const toggle = () => {
      muted = !muted;
      for (const v of feed.querySelectorAll('video')) v.muted = muted;
      for (const b of feed.querySelectorAll('.unmute')) { b.textContent = muted ? 'Unmute' : 'Mute'; }
    };
    unmute.addEventListener('click', (e) => { e.stopPropagation(); toggle(); });
    video.addEventListener('click', toggle);
    const node = el('article.feed-item', { 'aria-label': item.caption || 'Video' }, video, unmute,
      el('div.caption', {}, el('strong', {}, item.authorDisplayName ?? ''), el('div', {}, item.caption ?? '')));
    node._item = item;
    feed.append(node);
    return { node, video, item };
  });
  box.replaceChildren(feed);
  const observer = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      const entryVideo = entry.target.querySelector('video');
      if (entry.isIntersecting && entry.intersectionRatio > 0.6) {
        if (!entryVideo._attached) { attachHls(entryVideo, entry.target._item.hlsUrl || entry.target._item.url, { lowLatency: false }); entryVideo._attached = true; }
        entryVideo.muted = muted;
        entryVideo.play().catch(() => {});
        const id = entry.target._item.videoId;
        if (id) api(`/api/videos/${encodeURIComponent(id)}/events`, { method: 'POST', body: { type: 'view' } }).catch(() => {});
      } else {
        entryVideo.pause();
      }
    }
  }, { root: feed, threshold: [0, 0.6, 1] });
  for (const { node } of videos) observer.observe(node);
  feed.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      feed.scrollBy({ top: (e.key === 'ArrowDown' ? 1 : -1) * feed.clientHeight, behavior: 'smooth' });
    }
  });
}

loadRooms();
loadFeed();
setInterval(loadRoomsQuietly, 15000);

async function loadRoomsQuietly() {
  if (document.hidden) return;
  try {
    const result = await api('/api/live');
    const rooms = Array.isArray(result) ? result : (result?.items ?? result?.rooms ?? []);
    const box = $('#rooms');
    if (rooms.length) box.replaceChildren(...rooms.map(roomCard));
    else setState(box, 'empty', 'Nobody is live right now. Be the first: press “Go live”.');
  } catch { /* keep what is shown */ }
}
