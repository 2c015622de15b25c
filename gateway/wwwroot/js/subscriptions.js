import { api, el, $, setState, describe, requireLogin, formatMoney, formatTime, toast } from './app.js';

// The caller's subscriptions: creator, tier, price, status, paid-until date, and Cancel (at the period's end).
if (!requireLogin()) await new Promise(() => {});

const statusText = { active: 'Active', past_due: 'Payment failed (grace period)', canceled: 'Ended' };

async function render() {
  const box = $('#subscriptions');
  setState(box, 'loading', 'Loading your subscriptions…');
  try {
    const list = await api('/api/me/subscriptions');
    if (!list.length) { setState(box, 'empty', 'You have no subscriptions yet. Subscribe from a creator’s profile or live.'); return; }
    const names = await Promise.all(list.map((s) => api(`/api/users/${encodeURIComponent(s.creatorId)}`).then((u) => u.displayName).catch(() => s.creatorId)));
    box.replaceChildren(el('table', {},
      el('thead', {}, el('tr', {}, el('th', {}, 'Creator'), el('th', {}, 'Tier'), el('th', {}, 'Price'), el('th', {}, 'Status'), el('th', {}, 'Paid until'), el('th', {}, ''))),
      el('tbody', {}, ...list.map((s, i) => el('tr', { dataset: { subscriptionId: s.subscriptionId } },
        el('td', {}, el('a', { href: `/profile.html?user=${encodeURIComponent(s.creatorId)}` }, names[i])),
        el('td', {}, s.tierId),
        el('td', {}, `${formatMoney(s.priceCents, s.currency)}/month`),
        el('td.status', {}, s.cancelAtPeriodEnd && s.status !== 'canceled' ? `${statusText[s.status] ?? s.status}, ends at period end` : statusText[s.status] ?? s.status),
        el('td', {}, formatTime(s.currentPeriodEnd)),
        el('td', {}, s.status !== 'canceled' && !s.cancelAtPeriodEnd
          ? el('button.cancel', { type: 'button', onclick: (e) => cancel(s, e.currentTarget) }, 'Cancel')
          : null))))));
  } catch (e) {
    setState(box, 'error', `Could not load your subscriptions. ${describe(e)}`);
  }
}

async function cancel(subscription, button) {
  if (!confirm('Cancel this subscription? You keep the perks until the end of the period you paid for.')) return;
  button.disabled = true;
  try {
    await api(`/api/subscriptions/${encodeURIComponent(subscription.subscriptionId)}`, { method: 'DELETE' });
    toast('Canceled: it ends at the end of the period.');
    await render();
  } catch (e) {
    toast(describe(e), 'error');
    button.disabled = false;
  }
}

if (new URLSearchParams(location.search).get('subscribed')) $('#subscribe-status').textContent = 'Thanks for subscribing!';
render();
