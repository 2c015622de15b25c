import { api, el, $, setState, describe, toast, requireLogin, formatNumber, formatCount, formatTime, formatMoney } from './app.js';

// Not signed in: requireLogin has sent the browser to the login page; stop here quietly.
if (!requireLogin()) await new Promise(() => {});

const SVG = 'http://www.w3.org/2000/svg';
const svg = (tag, attrs = {}, text) => {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
};

let available = 0;
let wallet = null;

async function loadWallet() {
  try {
    wallet = await api('/api/wallet');
    available = wallet.diamonds ?? 0;
    $('#available').textContent = formatNumber(available);
    $('#pending').textContent = formatNumber(wallet.pendingDiamonds ?? 0);
    $('#cashout-diamonds').max = String(available);
    return wallet;
  } catch (e) {
    $('#available').textContent = '—';
    $('#onboarding').textContent = `Could not load your diamonds. ${describe(e)}`;
    return null;
  }
}

/** Diamonds earned per day over the last 30 days, from the gifts received (GET /api/wallet/earnings). */
async function loadEarnings() {
  const box = $('#chart');
  setState(box, 'loading', 'Loading earnings…');
  let lines = [];
  try {
    const result = await api('/api/wallet/earnings?limit=1000');
    lines = Array.isArray(result) ? result : (result?.items ?? []);
  } catch (e) {
    setState(box, 'error', `Could not load earnings. ${describe(e)}`);
    return;
  }
  const days = [];
  const today = new Date();
  today.setHours(0, 0, 0, 0);
  for (let i = 29; i >= 0; i--) days.push({ day: new Date(today.getTime() - i * 86400000), diamonds: 0 });
  for (const line of lines) {
    if (line.state === 'clawed' || line.state === 'reversed' || !(line.diamonds > 0)) continue;
    const at = new Date(line.at);
    at.setHours(0, 0, 0, 0);
    const slot = days.find((d) => d.day.getTime() === at.getTime());
    if (slot) slot.diamonds += line.diamonds;
  }
  const total = days.reduce((sum, d) => sum + d.diamonds, 0);
  $('#total').textContent = formatNumber(total);
  drawChart(box, days, total);
}

function drawChart(box, days, total) {
  const width = Math.max(320, Math.round(box.clientWidth - 32)), height = 220, left = 40, bottom = 24, top = 10;
  const ticks = axisTicks(Math.max(0, ...days.map((d) => d.diamonds)));
  const max = ticks[ticks.length - 1];
  const barWidth = (width - left) / days.length;
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': `Diamonds earned per day over the last 30 days: ${formatNumber(total)} in total` });
  for (const tick of ticks) {
    const y = top + (height - top - bottom) * (1 - tick / max);
    chart.append(svg('line', { x1: left, x2: width, y1: y, y2: y, stroke: '#ffffff1a' }));
    chart.append(svg('text', { x: left - 6, y: y + 4, 'text-anchor': 'end', class: 'axis y-tick' }, formatNumber(tick)));
  }
  days.forEach((d, i) => {
    const h = ((height - top - bottom) * d.diamonds) / max;
    const bar = svg('rect', { x: left + i * barWidth + 2, y: height - bottom - h, width: Math.max(1, barWidth - 4), height: h, class: 'bar', rx: 2 });
    bar.append(svg('title', {}, `${d.day.toLocaleDateString()}: ${formatCount(d.diamonds, 'diamond')}`));
    chart.append(bar);
    if ((days.length - 1 - i) % 7 === 0) {
      chart.append(svg('text', { x: left + i * barWidth + barWidth / 2, y: height - 6, 'text-anchor': 'middle', class: 'axis' },
        d.day.toLocaleDateString(undefined, { month: 'short', day: 'numeric' })));
    }
  });
  box.replaceChildren(chart, total ? '' : el('p.muted.small', {}, 'No diamonds yet: gifts your viewers send turn into diamonds here.'));
}

/**
 * Y-axis ticks for whole diamonds: 0 first, then a 1-2-5 step so that about four steps cover the largest
 * day. Every tick is a distinct whole number and the last one is at least the largest value; with no data
 * the axis is 0 and 1 (rounding fractions of an empty scale drew "1, 1, 0").
 */
function axisTicks(largest) {
  const rough = Math.max(1, largest / 4);
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= rough);
  const last = Math.max(step, Math.ceil(largest / step) * step);
  const ticks = [];
  for (let tick = 0; tick <= last; tick += step) ticks.push(tick);
  return ticks;
}

async function loadOnboarding() {
  const line = $('#onboarding');
  try {
    const connect = await api('/api/wallet/connect');
    renderOnboarding(connect);
  } catch (e) {
    line.textContent = `Could not load your payout set-up. ${describe(e)}`;
  }
}

function renderOnboarding(connect) {
  const line = $('#onboarding');
  const minimum = wallet?.minimumCashoutDiamonds;
  const rules = minimum ? ` The minimum cash-out is ${formatCount(minimum, 'diamond')}; new diamonds clear after ${wallet.holdDays ?? 7} days.` : '';
  if (connect?.payoutsEnabled) {
    line.replaceChildren(`Payout account ready (${connect.accountId ?? 'connected'}).${rules}`);
    $('#cashout-submit').disabled = false;
    return;
  }
  line.replaceChildren(
    connect?.accountId ? 'Your payout account is not finished yet.' : 'Set up a payout account before your first cash-out.', rules, ' ',
    el('button.small.primary', { type: 'button', id: 'onboard', onclick: onboard }, connect?.accountId ? 'Continue set-up' : 'Set up payouts'));
  $('#cashout-submit').disabled = true;
}

async function onboard(event) {
  event.currentTarget.disabled = true;
  try {
    const link = await api('/api/wallet/connect/onboarding', { method: 'POST' });
    // The sandbox enables payouts at once; a real provider hosts the onboarding pages.
    if (link.provider === 'sandbox') {
      toast('Sandbox payout account connected.', 'ok');
      await loadOnboarding();
    } else {
      location.href = link.url;
    }
  } catch (e) {
    toast(describe(e), 'error');
    event.currentTarget.disabled = false;
  }
}

const CASHOUT_STATUS = ['reserved', 'paid', 'failed', 'below minimum', 'insufficient diamonds', 'not onboarded', 'unknown', 'retrying', 'reversed'];
const statusName = (s) => (typeof s === 'number' ? CASHOUT_STATUS[s] ?? String(s) : String(s ?? '').replaceAll('_', ' ').toLowerCase());

async function loadCashouts() {
  const box = $('#cashouts');
  setState(box, 'loading', 'Loading cash-outs…');
  try {
    const result = await api('/api/wallet/cashouts');
    const list = Array.isArray(result) ? result : (result?.items ?? []);
    if (!list.length) { setState(box, 'empty', 'No cash-outs yet.'); return; }
    box.replaceChildren(el('table', {},
      el('thead', {}, el('tr', {}, el('th', {}, 'Requested'), el('th.num', {}, 'Diamonds'), el('th.num', {}, 'Payout'), el('th', {}, 'Status'))),
      el('tbody', {}, list.map((c) => el('tr', {},
        el('td', {}, formatTime(c.createdAt ?? c.at)),
        el('td.num', {}, formatNumber(c.diamonds)),
        el('td.num', {}, formatMoney(c.cents ?? 0, 'USD')),
        el('td', {}, c.state ?? statusName(c.status),
          c.failure ? el('span.muted.small', {}, ` (${c.failure})`) : null,
          c.state === 'held' ? el('span.muted.small', {}, ' (account restricted: sent once it is restored)') : null,
          c.state === 'retrying' && c.nextAttemptAt ? el('span.muted.small', {}, ` (attempt ${c.attempts ?? 1}, next try ${formatTime(c.nextAttemptAt)})`) : null))))));
  } catch (e) {
    if (e.status === 404 || e.status === 405) setState(box, 'empty', 'No cash-outs yet.');
    else setState(box, 'error', `Could not load cash-outs. ${describe(e)}`);
  }
}

$('#cashout-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const error = $('#cashout-error');
  const diamonds = Math.floor(Number($('#cashout-diamonds').value));
  error.textContent = '';
  if (!diamonds || diamonds < 1) { error.textContent = 'Enter how many diamonds to cash out.'; return; }
  if (diamonds > available) { error.textContent = `You have ${formatCount(available, 'diamond')} available.`; return; }
  if (wallet?.minimumCashoutDiamonds && diamonds < wallet.minimumCashoutDiamonds) {
    error.textContent = `The minimum cash-out is ${formatCount(wallet.minimumCashoutDiamonds, 'diamond')}.`;
    return;
  }
  const button = $('#cashout-submit');
  button.disabled = true;
  try {
    const result = await api('/api/wallet/cashouts', { method: 'POST', body: { diamonds } });
    toast(`Cash-out of ${formatCount(diamonds, 'diamond')}: ${result?.state ?? statusName(result?.status ?? 'reserved')}.`, 'ok');
    $('#cashout-diamonds').value = '';
    await Promise.all([loadWallet(), loadCashouts()]);
  } catch (err) {
    error.textContent = describe(err);
  } finally {
    button.disabled = false;
  }
});

loadWallet().then(loadOnboarding);
loadEarnings();
loadCashouts();
