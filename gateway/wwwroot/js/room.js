// The pieces of a live room that the studio and the watch page share: the comment and gift list,
// gift animations with combo counters, the top-gifter board, and the hub subscription.
import { el, formatNumber, formatCount } from './app.js';

export const GIFT_ICONS = { rose: '🌹', heart: '💖', finger_heart: '🫰', fingerheart: '🫰', gg: '🎮', coffee: '☕', donut: '🍩',
  hand_hearts: '🫶', disco_ball: '🪩', perfume: '🧴', cap: '🧢', sunglasses: '🕶️', crown: '👑', rocket: '🚀', lion: '🦁', universe: '🌌', galaxy: '🌌', car: '🏎️', diamond: '💎', star: '⭐' };

export function giftIcon(gift) {
  const key = String(gift?.giftId ?? gift?.animation ?? '').toLowerCase().replace(/[-\s]/g, '_');
  return gift?.icon ?? GIFT_ICONS[key] ?? GIFT_ICONS[String(gift?.name ?? '').toLowerCase()] ?? '🎁';
}

const TIER_NAMES = { supporter: 'Supporter', superfan: 'Superfan' };

/** A subscriber's badge beside their name ({tier, months} on comment and gift events), or nothing. */
export function subscriberBadge(badge) {
  if (!badge) return null;
  const tier = TIER_NAMES[badge.tier] ?? badge.tier;
  const months = `${badge.months} month${badge.months === 1 ? '' : 's'}`;
  return el('span.sub-badge', { title: `${tier} subscriber · ${months}`, 'aria-label': `${tier} subscriber, ${months}`, dataset: { tier: badge.tier } },
    `★${badge.months}`);
}

/** The comment list: newest at the bottom, capped, with optional moderation tools per line. */
export class ChatList {
  constructor(list, { tools } = {}) {
    this.list = list;
    this.tools = tools;
    this.max = 200;
  }

  addComment(c) {
    const id = c.commentId ?? c.id;
    if (id && this.list.querySelector(`[data-comment-id="${CSS.escape(id)}"]`)) return;
    const item = el('li.comment', { dataset: { commentId: id ?? '', userId: c.userId ?? '' } },
      subscriberBadge(c.badge), el('span.who', {}, c.displayName ?? 'someone'), el('span.text', {}, c.text));
    if (this.tools) item.append(this.tools(c));
    this.append(item);
  }

  addGift(g, name) {
    this.append(el('li.gift', { dataset: { userId: g.userId ?? '' } },
      subscriberBadge(g.badge), el('span.who', {}, g.displayName ?? 'someone'),
      `sent ${giftIcon(g)} ${name ?? g.giftName ?? g.giftId}${g.count > 1 ? ` ×${g.count}` : ''}`));
  }

  /**
   * Gifts a large room did not send one by one ({gifts, coins} per window): one line that keeps adding up while it is
   * the newest line, so a busy room shows "…and 1,234 more gifts (5,678 coins)" instead of a line per rose.
   */
  addMoreGifts(m) {
    let line = this.list.lastElementChild;
    if (!line?.classList.contains('more-gifts')) {
      line = el('li.system.more-gifts', { dataset: { gifts: '0', coins: '0' } });
      this.append(line);
    }
    line.dataset.gifts = Number(line.dataset.gifts) + (m.gifts ?? 0);
    line.dataset.coins = Number(line.dataset.coins) + (m.coins ?? 0);
    const gifts = Number(line.dataset.gifts), coins = Number(line.dataset.coins);
    line.textContent = `…and ${formatNumber(gifts)} more ${gifts === 1 ? 'gift' : 'gifts'} (${formatNumber(coins)} ${coins === 1 ? 'coin' : 'coins'})`;
  }

  system(text) {
    this.append(el('li.system', { role: 'status' }, text));
  }

  remove(commentId) {
    this.list.querySelector(`[data-comment-id="${CSS.escape(commentId)}"]`)?.remove();
  }

  append(item) {
    const atBottom = this.list.scrollHeight - this.list.scrollTop - this.list.clientHeight < 40;
    this.list.append(item);
    while (this.list.children.length > this.max) this.list.firstElementChild.remove();
    if (atBottom) this.list.scrollTop = this.list.scrollHeight;
  }
}

/** Gift banners over the video; a streak from one sender of one gift bumps a "×N" counter in place. */
export class GiftOverlay {
  constructor(overlay) {
    this.overlay = overlay;
    this.active = new Map();
    this.slots = 0;
  }

  show(g, name) {
    const key = `${g.userId}:${g.giftId}`;
    let entry = this.active.get(key);
    const combo = g.combo || ((entry?.combo ?? 0) + (g.count ?? 1));
    if (!entry) {
      const slot = this.slots++ % 3;
      const node = el('div.gift-pop', { style: `bottom:${4 + slot * 3.6}rem`, 'aria-hidden': 'true' },
        el('span.icon', {}, giftIcon(g)),
        el('span', {}, el('strong', {}, g.displayName ?? 'someone'), el('br'), el('span.small', {}, `sent ${name ?? g.giftName ?? g.giftId}`)),
        el('span.combo', {}, `×${combo}`));
      this.overlay.append(node);
      entry = { node, combo, timer: 0 };
      this.active.set(key, entry);
    } else {
      entry.combo = combo;
      const counter = entry.node.querySelector('.combo');
      counter.textContent = `×${combo}`;
      counter.style.animation = 'none';
      void counter.offsetWidth;
      counter.style.animation = '';
    }
    entry.combo = combo;
    clearTimeout(entry.timer);
    entry.timer = setTimeout(() => { entry.node.remove(); this.active.delete(key); }, 3500);
  }
}

export function floatHeart(overlay) {
  const hearts = ['❤️', '💖', '💗', '💕', '🩷'];
  const heart = el('span.heart', { 'aria-hidden': 'true', style: `--dx:${Math.round(Math.random() * 80 - 60)}px` },
    hearts[Math.floor(Math.random() * hearts.length)]);
  overlay.append(heart);
  setTimeout(() => heart.remove(), 1900);
}

export function renderLeaders(list, topGifters) {
  if (!topGifters?.length) {
    list.replaceChildren(el('li.muted', {}, 'No gifts yet'));
    return;
  }
  list.replaceChildren(...topGifters.slice(0, 5).map((t, i) =>
    el('li', {}, el('span', {}, `${i + 1}. ${t.displayName ?? t.userId}`), el('span', {}, formatCount(t.coins, 'coin')))));
}
