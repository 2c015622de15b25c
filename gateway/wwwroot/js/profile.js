import { api, $, el, session, setState, formatNumber, describe, toast } from './app.js';
import { subscribeButton } from './subscribe.js';
import { blockButton } from './blocks.js';

// A creator's profile: name, follower counts, Follow button, LIVE badge and their videos grid.
const userId = new URLSearchParams(location.search).get('user') ?? session.userId;

async function render() {
  const box = $('#profile');
  if (!userId) { setState(box, 'error', 'No profile to show.'); return; }
  setState(box, 'loading', 'Loading profile…');
  let user;
  try {
    user = await api(`/api/users/${encodeURIComponent(userId)}`);
  } catch (e) {
    setState(box, 'error', describe(e));
    return;
  }
  document.title = `${user.displayName} · Stagecast`;
  const rooms = await api('/api/live').catch(() => []);
  const live = (rooms ?? []).find((r) => r.hostId === userId);
  const followers = el('span#followers', {}, formatNumber(user.followers));
  const parts = [el('h1', {}, user.displayName, live ? el('a.badge', { href: `/watch.html?room=${encodeURIComponent(live.roomId)}` }, 'LIVE') : null),
    el('p', {}, `@${user.username}`), user.bio ? el('p', {}, user.bio) : null,
    el('p', {}, followers, ' followers · ', formatNumber(user.following), ' following')];
  if (session.signedIn && session.userId !== userId) {
    const mine = await api(`/api/users/${encodeURIComponent(session.userId)}/following?take=1000`).catch(() => null);
    let following = (mine?.userIds ?? []).includes(userId);
    const button = el('button#follow.primary', { type: 'button' }, following ? 'Following' : 'Follow');
    button.addEventListener('click', async () => {
      try {
        await api(`/api/users/${encodeURIComponent(userId)}/follow`, { method: following ? 'DELETE' : 'POST' });
        following = !following;
        button.textContent = following ? 'Following' : 'Follow';
        followers.textContent = formatNumber(Number(followers.textContent.replace(/\D/g, '')) + (following ? 1 : -1));
      } catch (e) { toast(describe(e), 'error'); }
    });
    parts.push(button);
    parts.push(await blockButton(userId, (blocked) => {
      if (blocked && following) { following = false; button.textContent = 'Follow'; }
    }));
  }
  parts.push(await subscribeButton(userId).catch(() => null));
  box.replaceChildren(...parts.filter(Boolean));
}

async function renderVideos() {
  const grid = $('#videos');
  try {
    const videos = await api(`/api/users/${encodeURIComponent(userId)}/videos`);
    if (!videos.length) { setState(grid, 'empty', 'No videos yet.'); return; }
    // A tile opens the video at the top of the For You feed (/?v=). A replay (a finished live) carries a REPLAY badge; a subscribers-only video says so (it plays for subscribers only).
    grid.replaceChildren(...videos.map((v) => el('a.video-tile', { href: v.status === 'ready' ? `/?v=${encodeURIComponent(v.videoId)}` : '#', 'aria-label': v.caption || 'Video', dataset: { videoId: v.videoId, kind: v.kind ?? 'upload' } },
      v.thumbnailUrl ? el('img', { src: v.thumbnailUrl, alt: '', loading: 'lazy' }) : null,
      v.kind === 'replay' ? el('span.badge.replay', {}, 'REPLAY') : null,
      v.visibility === 'subscribers' ? el('span.members', { title: 'Plays for subscribers only' }, 'Subscribers') : null,
      el('span.status', {}, v.status === 'ready' ? `▶ ${formatNumber(v.stats?.views ?? 0)}` : v.status))));
  } catch (e) {
    setState(grid, 'error', describe(e));
  }
}

if (userId) { render(); renderVideos(); } else { setState($('#profile'), 'error', 'No profile to show.'); }
