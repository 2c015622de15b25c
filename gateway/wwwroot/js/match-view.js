// The watch page during a LIVE Match: the opponent room's stream beside this room's, both over LL-HLS, the
// opponent's player kept in step with this room's by EXT-X-PROGRAM-DATE-TIME (hls.js `playingDate`).
import { attachHls } from './player.js';
import { el } from './app.js';

/**
 * One correction of the follower from both players' program dates: a gap over a second is closed by seeking, a
 * smaller one over 60 ms by playing up to 10 % faster or slower until it closes. `offset` > 0: the follower is ahead.
 */
export function syncStep(leaderDate, followerDate) {
  if (!leaderDate || !followerDate) return null;
  const offset = followerDate.getTime() - leaderDate.getTime();
  if (Math.abs(offset) > 1000) return { offset, seek: -offset / 1000, rate: 1 };
  if (Math.abs(offset) > 60) return { offset, seek: 0, rate: 1 - Math.max(-0.1, Math.min(0.1, offset / 2000)) };
  return { offset, seek: 0, rate: 1 };
}

export class SideBySide {
  /** `leader()` gives this room's hls.js instance (null while it plays in real time or natively). */
  constructor(stage, roomId, leader) {
    this.stage = stage;
    this.roomId = roomId;
    this.leader = leader;
    this.other = null;
    this.hls = null;
    this.video = null;
    this.timer = 0;
  }

  /** Follows the room's match: shows the opponent while it runs, and nothing once it is over. */
  show(match) {
    const theirs = match?.sides?.find((s) => s.roomId !== this.roomId);
    if (match?.status !== 'running' || !theirs || !match.sides.some((s) => s.roomId === this.roomId)) {
      if (match?.sides?.some((s) => s.roomId === this.roomId) && match.status !== 'invited') this.hide();
      return;
    }
    if (this.other === theirs.roomId) return;
    this.hide();
    this.other = theirs.roomId;
    this.video = el('video#match-video', { playsinline: true, muted: true, autoplay: true, 'aria-label': 'Opponent\'s live video' });
    this.video.muted = true;
    this.stage.querySelector('video').after(this.video);
    this.stage.classList.add('match-split');
    this.hls = attachHls(this.video, `/hls/${encodeURIComponent(theirs.roomId)}/index.m3u8`, { lowLatency: true });
    this.video.play().catch(() => {});
    this.timer = setInterval(() => this.step(), 500);
  }

  step() {
    const step = syncStep(this.leader()?.playingDate, this.hls?.playingDate);
    if (!step || !this.video) return;
    this.stage.dataset.syncOffsetMs = String(Math.round(step.offset));
    if (step.seek) this.video.currentTime = Math.max(0, this.video.currentTime + step.seek);
    this.video.playbackRate = step.rate;
  }

  hide() {
    clearInterval(this.timer);
    this.hls?.destroy();
    this.video?.remove();
    this.hls = this.video = this.other = null;
    this.stage.classList.remove('match-split');
    delete this.stage.dataset.syncOffsetMs;
  }
}
