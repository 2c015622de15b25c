import { api, el, $, setState, describe, formatNumber, formatCount, formatMoney, formatTime } from './app.js';

// The creator dashboard's subscription panel: how many subscribers have the perks now, the list, and the earnings.
async function render() {
  const box = $('#subscribers');
  setState(box, 'loading', 'Loading subscribers…');
  try {
    const data = await api('/api/me/subscribers');
    $('#subscriber-count').textContent = formatNumber(data.count);
    $('#subscription-earnings').textContent =
      `${formatCount(data.earnings.diamonds, 'diamond')} from ${formatCount(data.earnings.invoices, 'paid month')} (${formatMoney(data.earnings.paidCents - data.earnings.takenBackCents)} net)`;
    if (!data.subscribers.length) { setState(box, 'empty', 'No subscribers yet.'); return; }
    box.replaceChildren(el('table', {},
      el('thead', {}, el('tr', {}, el('th', {}, 'Subscriber'), el('th', {}, 'Tier'), el('th', {}, 'Status'), el('th', {}, 'Since'), el('th', {}, 'Paid until'))),
      el('tbody', {}, ...data.subscribers.map((s) => el('tr', {},
        el('td', {}, el('a', { href: `/profile.html?user=${encodeURIComponent(s.subscriberId)}` }, s.displayName)),
        el('td', {}, s.tierId), el('td', {}, s.status), el('td', {}, formatTime(s.since)), el('td', {}, formatTime(s.currentPeriodEnd)))))));
  } catch (e) {
    setState(box, 'error', `Could not load subscribers. ${describe(e)}`);
  }
}

render();
