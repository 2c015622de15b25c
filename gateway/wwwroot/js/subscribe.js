import { api, el, session, formatMoney, describe, toast } from './app.js';

// The subscribe button for a creator (profile and watch pages): the cheapest tier's monthly price, or "Subscribed"
// when the viewer already has the perks. Subscribing goes to the checkout (Stripe, or the sandbox page).
export async function subscribeButton(creatorId) {
  if (!creatorId || session.userId === creatorId) return null;
  const tiers = await api(`/api/creators/${encodeURIComponent(creatorId)}/tiers`).catch(() => []);
  if (!tiers?.length) return null;
  const tier = tiers.reduce((a, b) => (b.priceCents < a.priceCents ? b : a));
  const price = `${formatMoney(tier.priceCents, tier.currency)}/month`;
  if (session.signedIn) {
    const mine = await api('/api/me/subscriptions').catch(() => []);
    if ((mine ?? []).some((s) => s.creatorId === creatorId && (s.status === 'active' || s.status === 'past_due'))) {
      return el('a#subscribed.badge', { href: '/subscriptions.html' }, '★ Subscribed');
    }
  }
  const button = el('button#subscribe.primary', { type: 'button', 'aria-label': `Subscribe for ${price}` }, `★ Subscribe · ${price}`);
  button.addEventListener('click', async () => {
    if (!session.signedIn) { location.href = `/login.html?next=${encodeURIComponent(location.pathname + location.search)}`; return; }
    button.disabled = true;
    try {
      const created = await api('/api/subscriptions', { method: 'POST', body: { creatorId, tierId: tier.tierId } });
      location.href = created.checkoutUrl;
    } catch (e) {
      toast(describe(e), 'error');
      button.disabled = false;
    }
  });
  return button;
}
