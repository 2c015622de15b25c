import { api, el, $, setState, describe, showError, requireLogin, setBalance, formatNumber, formatMoney, formatTime } from './app.js';

// Not signed in: requireLogin has sent the browser to the login page; stop here quietly.
if (!requireLogin()) await new Promise(() => {});

let currentCoins = 0;

async function loadWallet() {
  try {
    const wallet = await api('/api/wallet');
    currentCoins = wallet.coins ?? 0;
    $('#wallet-coins').textContent = formatNumber(wallet.coins);
    setBalance(wallet.coins);
    return wallet;
  } catch (e) {
    $('#wallet-coins').textContent = '—';
    $('#purchase-status').textContent = `Could not load your balance. ${describe(e)}`;
    return null;
  }
}

async function loadPacks() {
  const box = $('#packs');
  setState(box, 'loading', 'Loading coin packs…');
  try {
    const packs = await api('/api/wallet/packs');
    if (!packs?.length) { setState(box, 'empty', 'No coin packs are on sale right now.'); return; }
    box.replaceChildren(...packs.map((p) => el('div.pack', {},
      el('span.amount', {}, el('span.coin', { 'aria-hidden': 'true' }, '● '), formatNumber(p.coins)),
      el('span.muted', {}, formatMoney(p.priceCents, p.currency)),
      el('button.primary', { type: 'button', dataset: { packId: p.packId }, 'aria-label': `Buy ${formatNumber(p.coins)} coins for ${formatMoney(p.priceCents, p.currency)}`, onclick: (e) => buy(p, e.currentTarget) }, 'Buy'))));
  } catch (e) {
    setState(box, 'error', `Could not load coin packs. ${describe(e)}`);
  }
}

async function buy(pack, button) {
  button.disabled = true;
  button.textContent = 'Opening checkout…';
  try {
    const purchase = await api('/api/wallet/purchases', { method: 'POST', body: { packId: pack.packId } });
    sessionStorage.setItem('stagecast.purchase', JSON.stringify({ purchaseId: purchase.purchaseId, coins: pack.coins, before: currentCoins }));
    location.href = purchase.checkoutUrl;
  } catch (e) {
    showError(e);
    button.disabled = false;
    button.textContent = 'Buy';
  }
}

const KIND_LABELS = {
  purchase: 'Coins bought', gift: 'Gift', reversal: 'Payment reversed', release: 'Diamonds cleared',
  'cashout-reserve': 'Cash-out requested', cashout: 'Cash-out paid', 'cashout-void': 'Cash-out returned',
};
const ACCOUNT_LABELS = { coins: 'Coins', coin_receivable: 'Coins owed', diamonds_pending: 'Pending diamonds', diamonds_available: 'Diamonds', diamonds_reserved: 'Diamonds being paid out' };

async function loadLedger() {
  const box = $('#ledger');
  setState(box, 'loading', 'Loading history…');
  try {
    const result = await api('/api/wallet/ledger');
    const entries = Array.isArray(result) ? result : (result?.items ?? result?.entries ?? []);
    if (!entries.length) { setState(box, 'empty', 'No activity yet. Buy coins to send your first gift.'); return; }
    box.replaceChildren(el('table', {},
      el('thead', {}, el('tr', {}, el('th', {}, 'When'), el('th', {}, 'What'), el('th', {}, 'Balance'), el('th.num', {}, 'Amount'))),
      el('tbody', {}, entries.map((e) => el('tr', {},
        el('td', {}, formatTime(e.at)),
        el('td', {}, KIND_LABELS[e.kind] ?? e.kind ?? ''),
        el('td.muted', {}, ACCOUNT_LABELS[String(e.account ?? '').split(':').pop()] ?? e.currency ?? ''),
        amount(e.amount))))));
  } catch (e) {
    setState(box, 'error', `Could not load your history. ${describe(e)}`);
  }
}

function amount(n) {
  if (!n) return el('td.num.muted', {}, '0');
  return el(`td.num.${n > 0 ? 'plus' : 'minus'}`, {}, `${n > 0 ? '+' : '−'}${formatNumber(Math.abs(n))}`);
}

// Back from checkout: the provider may confirm a moment later (a Stripe webhook), so poll briefly
// until the balance shows the pack; the sandbox has already credited it by the time it redirects.
async function afterCheckout(wallet) {
  const pending = JSON.parse(sessionStorage.getItem('stagecast.purchase') ?? 'null');
  if (!pending) return;
  sessionStorage.removeItem('stagecast.purchase');
  const params = new URLSearchParams(location.search);
  if (/cancel/i.test(params.get('status') ?? '') || params.has('canceled') || params.has('cancelled')) {
    $('#purchase-status').textContent = 'Purchase cancelled: nothing was charged.';
    return;
  }
  const target = (pending.before ?? 0) + pending.coins;
  let coins = wallet?.coins ?? 0;
  $('#purchase-status').textContent = 'Confirming your purchase…';
  for (let i = 0; i < 20 && coins < target; i++) {
    await new Promise((r) => setTimeout(r, 1000));
    coins = (await loadWallet())?.coins ?? coins;
  }
  await loadLedger();
  $('#purchase-status').textContent = coins >= target
    ? `Thanks! ${formatNumber(pending.coins)} coins are in your wallet.`
    : 'Your payment is still being confirmed; your coins will appear here shortly.';
}

const [wallet] = await Promise.all([loadWallet(), loadPacks(), loadLedger()]);
if (new URLSearchParams(location.search).get('connect') === 'return') {
  $('#purchase-status').replaceChildren('Your payout account is connected. ', el('a', { href: '/creator.html' }, 'Back to the creator dashboard'));
}
afterCheckout(wallet).catch(showError);
