// Blocking: the Block / Unblock button on profiles and the blocked list on the account page.
import { api, el, describe, toast, formatTime } from './app.js';

const blocksUrl = (userId) => `/api/me/blocks/${encodeURIComponent(userId)}`;

/** A Block / Unblock toggle for another user's profile; onChange(blocked) runs after each change. */
export async function blockButton(userId, onChange = () => {}) {
  const list = await api('/api/me/blocks').catch(() => []);
  let blocked = (list ?? []).some((b) => b.userId === userId);
  const button = el('button#block', { type: 'button', title: 'A blocked user cannot comment or gift in your lives; neither of you sees the other\'s lives or videos.' },
    blocked ? 'Unblock' : 'Block');
  button.addEventListener('click', async () => {
    try {
      await api(blocksUrl(userId), { method: blocked ? 'DELETE' : 'POST' });
      blocked = !blocked;
      button.textContent = blocked ? 'Unblock' : 'Block';
      toast(blocked ? 'Blocked.' : 'Unblocked.');
      onChange(blocked);
    } catch (e) { toast(describe(e), 'error'); }
  });
  return button;
}

/** Fills <paramref name="box"/> with the caller's blocked users, each with an Unblock button. */
export async function renderBlockedList(box) {
  let list;
  try {
    list = await api('/api/me/blocks');
  } catch (e) {
    box.replaceChildren(el('p', {}, describe(e)));
    return;
  }
  if (!list.length) {
    box.replaceChildren(el('p.muted.small', {}, 'You have not blocked anyone.'));
    return;
  }
  box.replaceChildren(el('ul.blocked-list', {}, ...list.map((b) => {
    const unblock = el('button.small', { type: 'button' }, 'Unblock');
    unblock.addEventListener('click', async () => {
      try {
        await api(blocksUrl(b.userId), { method: 'DELETE' });
        await renderBlockedList(box);
      } catch (e) { toast(describe(e), 'error'); }
    });
    const name = b.displayName ?? b.userId;
    return el('li', { dataset: { userId: b.userId } },
      el('a', { href: `/profile.html?user=${encodeURIComponent(b.userId)}` }, name),
      b.username ? el('span.muted', {}, ` @${b.username}`) : null,
      el('span.muted.small', {}, ` · blocked ${formatTime(b.blockedAt)} `), unblock);
  })));
}
