import { api, el, $, formatNumber, showError, toast } from './app.js';

/**
 * The LIVE Match panel (studio and watch page): score bar, timer, MVPs per side and the result banner, fed by the
 * hub's `match` event and GET /api/live/{roomId}/match. In the studio it also invites and answers invitations.
 */
export class MatchPanel {
  constructor(root, roomId, { host = false } = {}) {
    this.root = root;
    this.roomId = roomId;
    this.host = host;
    this.match = null;
    this.timer = 0;
  }

  /** Loads the room's pending or running match, if any. */
  async load() {
    try {
      const match = await api(`/api/live/${encodeURIComponent(this.roomId)}/match`);
      this.show(match);
      return match;
    } catch { /* the match panel stays hidden; the hub brings matches that start later */ }
    return null;
  }

  /** Attaches to the hub's match events for this room. */
  listen(hub) {
    hub.on('match', (m) => this.show(m));
    hub.on('batch', (b) => { if (b.match) this.show(b.match); });
  }

  /** The host invites another room. */
  async invite(opponentRoomId, durationSeconds) {
    const body = { opponentRoomId };
    if (durationSeconds) body.durationSeconds = durationSeconds;
    const created = await api(`/api/live/${encodeURIComponent(this.roomId)}/match`, { method: 'POST', body });
    toast('Invitation sent');
    this.show(await api(`/api/matches/${encodeURIComponent(created.matchId)}`));
  }

  /** The host asks for a random opponent; true while waiting (the match event comes when another host asks). */
  async random(durationSeconds) {
    const answer = await api(`/api/live/${encodeURIComponent(this.roomId)}/match/random`, { method: 'POST', body: durationSeconds ? { durationSeconds } : {} });
    if (answer.matchId) this.show(await api(`/api/matches/${encodeURIComponent(answer.matchId)}`));
    return answer.status === 'waiting';
  }

  async cancelRandom() {
    await api(`/api/live/${encodeURIComponent(this.roomId)}/match/random`, { method: 'DELETE' });
  }

  /** After a result, the host offers the other room a rematch (a new invitation). */
  async rematch() {
    try {
      const created = await api(`/api/matches/${encodeURIComponent(this.match.matchId)}/rematch`, { method: 'POST', body: {} });
      toast('Rematch offered');
      this.show(await api(`/api/matches/${encodeURIComponent(created.matchId)}`));
    } catch (err) { showError(err); }
  }

  show(match) {
    if (!match?.sides?.some((s) => s.roomId === this.roomId)) return;
    // Events of an older match (its result arriving late) never replace a newer one.
    if (this.match && match.matchId !== this.match.matchId && this.match.status !== 'ended' && this.match.status !== 'declined' && match.status === 'ended') return;
    this.match = match;
    this.render();
  }

  render() {
    const m = this.match;
    const root = this.root;
    root.hidden = false;
    root.replaceChildren();
    const [a, b] = m.sides;
    const mine = m.sides.find((s) => s.roomId === this.roomId);
    root.dataset.status = m.status;
    root.append(el('h2', { style: 'margin-top:0' }, 'LIVE Match'));
    if (m.status === 'invited') {
      const incoming = this.host && m.sides[1].roomId === this.roomId;
      root.append(el('p#match-state.muted', {}, incoming ? 'You are invited to a match' : 'Waiting for the other host to accept…'));
      if (incoming) {
        root.append(el('div.row', {},
          el('button#match-accept.primary', { type: 'button', onclick: () => this.answer('accept') }, 'Accept'),
          el('button#match-decline', { type: 'button', onclick: () => this.answer('decline') }, 'Decline')));
      }
      return;
    }
    if (m.status === 'declined') {
      root.append(el('p#match-state.muted', {}, m.result?.reason === 'expired' ? 'The invitation expired.' : 'The match was declined.'));
      return;
    }
    const total = Math.max(1, a.score + b.score);
    root.append(
      el('div.match-scores', {},
        el('span#match-score-a.match-a', {}, formatNumber(a.score)),
        el('span#match-timer.muted', {}, ''),
        el('span#match-score-b.match-b', {}, formatNumber(b.score))),
      el('div.match-bar', { role: 'img', 'aria-label': `${a.score} to ${b.score}` },
        el('div.match-a', { style: `width:${(a.score + b.score === 0 ? 50 : (100 * a.score) / total).toFixed(1)}%` })),
      el('div.match-mvps', {}, mvps(a, 'match-mvps-a'), mvps(b, 'match-mvps-b')));
    if (m.status === 'ended') {
      const text = mine.outcome === 'win' ? 'Victory!' : mine.outcome === 'lose' ? 'Defeat' : 'Draw';
      root.append(el(`p#match-result.match-result.${mine.outcome}`, {},
        `${text} ${formatNumber(mine.score)} : ${formatNumber(m.sides.find((s) => s !== mine).score)}`
        + (m.result?.reason === 'roomEnded' ? ' (a room ended)' : '')));
      if (this.host && m.result?.reason !== 'roomEnded') {
        root.append(el('button#match-rematch', { type: 'button', onclick: () => this.rematch() }, 'Offer a rematch'));
      }
    }
    this.tick();
  }

  tick() {
    clearInterval(this.timer);
    const show = () => {
      const t = $('#match-timer', this.root);
      if (!t || this.match?.status !== 'running') { clearInterval(this.timer); if (t) t.textContent = this.match?.status === 'ended' ? 'Final' : ''; return; }
      const left = Math.max(0, Math.round((this.match.endsAt - Date.now()) / 1000));
      t.textContent = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`;
    };
    show();
    this.timer = setInterval(show, 500);
  }

  async answer(verb) {
    try {
      this.show(await api(`/api/matches/${encodeURIComponent(this.match.matchId)}/${verb}`, { method: 'POST' }));
    } catch (err) { showError(err); }
  }
}

function mvps(side, id) {
  const list = el(`ol#${id}.leaders`);
  if (!side.mvps.length) list.append(el('li.muted', {}, 'No gifts yet'));
  for (const m of side.mvps) list.append(el('li', {}, el('span', {}, m.displayName), el('span', {}, formatNumber(m.coins))));
  return list;
}
