// Shared by every page: the session (token in localStorage), a fetch wrapper that turns RFC 9457
// problem details into friendly errors, the header with the coin balance, toasts and the hub.

const TOKEN = 'stagecast.token';
const USER = 'stagecast.userId';
const REFRESH = 'stagecast.refreshToken';

export const session = {
  get token() { return localStorage.getItem(TOKEN); },
  get userId() { return localStorage.getItem(USER); },
  get signedIn() { return !!localStorage.getItem(TOKEN); },
  get refreshToken() { return localStorage.getItem(REFRESH); },
  save({ token, userId, refreshToken }) {
    localStorage.setItem(TOKEN, token);
    localStorage.setItem(USER, userId);
    if (refreshToken) localStorage.setItem(REFRESH, refreshToken);
  },
  clear() { localStorage.removeItem(TOKEN); localStorage.removeItem(USER); localStorage.removeItem(REFRESH); },
};

let refreshing = null;

/**
 * Access tokens live 15 minutes: on a 401 the client trades its one-time refresh token for a new pair, once, and
 * every request waiting meanwhile shares that one exchange (a second use of the same refresh token would revoke it).
 */
export function refreshSession() {
  const refreshToken = session.refreshToken;
  if (!refreshToken) return Promise.resolve(false);
  refreshing ??= fetch('/api/auth/refresh', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ refreshToken }),
  }).then(async (response) => {
    if (!response.ok) return false;
    session.save(await response.json());
    return true;
  }).catch(() => false).finally(() => { refreshing = null; });
  return refreshing;
}

/** An API or hub failure with the stable code a page can branch on and a sentence a person can read. */
export class AppError extends Error {
  constructor(code, detail, status = 0) {
    super(detail || code);
    this.code = code;
    this.detail = detail;
    this.status = status;
  }
}

const FRIENDLY = {
  network: 'Cannot reach Stagecast. Check your connection and try again.',
  unauthorized: 'Please log in again.',
  invalid_credentials: 'That username and password do not match.',
  username_taken: 'That username is taken; try another one.',
  insufficient_funds: 'Not enough coins for that gift. Top up in your wallet.',
  insufficient_coins: 'Not enough coins for that gift. Top up in your wallet.',
  muted: 'A moderator has muted you in this room for now.',
  banned: 'You have been removed from this room.',
  slow_mode: 'Slow mode is on: wait a moment before commenting again.',
  subscribers_only: 'Only subscribers can comment right now. Subscribe to join the chat.',
  room_ended: 'This live has ended.',
  room_not_live: 'This room is not live.',
  not_found: 'We could not find that.',
  rate_limited: 'Too many tries. Wait a minute and try again.',
};

/** The sentence to show for an error: our own wording for known codes, else the server's detail. */
export function describe(err) {
  if (err instanceof AppError) {
    return FRIENDLY[err.code] && !err.detail ? FRIENDLY[err.code] : (err.detail || FRIENDLY[err.code] || err.code);
  }
  return err?.message || String(err);
}

/** Calls the API; resolves to the JSON body (or null), rejects with AppError carrying the problem's code. */
export async function api(path, options = {}) {
  try {
    return await request(path, options);
  } catch (e) {
    // Only a refused token ("unauthenticated") means the session is over; a wrong current password is a 401 too.
    const expired = e.status === 401 && e.code === 'unauthenticated' && !path.startsWith('/api/auth/');
    if (expired && await refreshSession()) return request(path, options);
    if (expired && session.token) {
      session.clear();
      renderHeader();
    }
    throw e;
  }
}

async function request(path, { method = 'GET', body, headers = {}, signal } = {}) {
  const init = { method, headers: { Accept: 'application/json', ...headers }, signal };
  if (session.token) init.headers.Authorization = `Bearer ${session.token}`;
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new AppError('network', FRIENDLY.network);
  }
  const text = await response.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = text; }
  }
  if (response.ok) return data;
  if (response.status === 429) throw new AppError('rate_limited', FRIENDLY.rate_limited, 429);
  const code = data?.code || (data?.type ? String(data.type).split('/').pop().replaceAll('-', '_') : null)
    || ({ 401: 'unauthorized', 403: 'forbidden', 404: 'not_found' }[response.status]) || `http_${response.status}`;
  const detail = data?.detail || data?.title || FRIENDLY[code] || `The server answered ${response.status}.`;
  const error = new AppError(code, detail, response.status);
  error.problem = data;
  throw error;
}

/** Turns a SignalR failure ("... HubException: code: detail") into an AppError. */
export function hubError(err) {
  const message = String(err?.message || err);
  const tail = message.includes('HubException: ') ? message.slice(message.lastIndexOf('HubException: ') + 14) : message;
  const match = /^([a-z0-9_]+): (.*)$/s.exec(tail);
  if (match) return new AppError(match[1], match[2]);
  if (/connection/i.test(message)) return new AppError('network', 'Lost the live connection; reconnecting.');
  return new AppError('hub_error', tail);
}

/** Refreshes the access token first when it expires within a minute (a hub connects with whatever token it gets). */
async function freshToken() {
  const token = session.token;
  if (!token) return;
  try {
    const payload = JSON.parse(atob(token.split('.')[1].replaceAll('-', '+').replaceAll('_', '/')));
    if (payload.exp * 1000 - Date.now() < 60_000) await refreshSession();
  } catch {
    // Not a JWT we can read: let the server decide.
  }
}

/** The live hub; the token rides in the query string since browsers cannot set WebSocket headers. */
export function liveHub() {
  const signalR = window.signalR;
  return new signalR.HubConnectionBuilder()
    .withUrl('/hubs/live', { accessTokenFactory: async () => { await freshToken(); return session.token ?? ''; } })
    .withAutomaticReconnect()
    .configureLogging(signalR.LogLevel.Warning)
    .build();
}

export async function invoke(hub, method, ...args) {
  try {
    return await hub.invoke(method, ...args);
  } catch (e) {
    throw hubError(e);
  }
}

/** The rooms live now (GET /api/live) as an array. */
export async function liveRooms() {
  const result = await api('/api/live');
  return Array.isArray(result) ? result : (result?.items ?? result?.rooms ?? []);
}

// ---- DOM helpers ----

export const $ = (selector, root = document) => root.querySelector(selector);

/** Creates an element: el('button.primary', {type: 'button', onclick}, 'Text', child). */
export function el(tag, props = {}, ...children) {
  const [head, ...classes] = tag.split('.');
  const [name, id] = head.split('#');
  const node = document.createElement(name || 'div');
  if (id) node.id = id;
  if (classes.length) node.className = classes.join(' ');
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(node.dataset, value);
    // Through the CSSOM: the Content-Security-Policy refuses style attributes (no 'unsafe-inline').
    else if (key === 'style') node.style.cssText = value;
    else if (key in node && typeof value !== 'string') node[key] = value;
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export const formatNumber = (n) => new Intl.NumberFormat().format(n ?? 0);

/** "1 coin", "2 coins", "1,000 coins": a count with its noun (English plural by -s). */
export const formatCount = (n, noun) => `${formatNumber(n)} ${noun}${n === 1 ? '' : 's'}`;

export function formatMoney(cents, currency = 'USD') {
  return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format((cents ?? 0) / 100);
}

export const formatTime = (at) => (at ? new Date(at).toLocaleString() : '');

/** A message that appears at the bottom of the screen; errors are announced to screen readers. */
export function toast(message, kind = 'info') {
  let box = $('#toasts');
  if (!box) {
    box = el('div#toasts', { 'aria-live': 'polite' });
    document.body.append(box);
  }
  const item = el(`div.toast.${kind}`, { role: kind === 'error' ? 'alert' : 'status' }, message);
  box.append(item);
  setTimeout(() => item.remove(), kind === 'error' ? 7000 : 4000);
  return item;
}

export const showError = (err) => toast(describe(err), 'error');

/** Shows a loading, empty or error line inside a container. */
export function setState(container, kind, message) {
  container.replaceChildren(el(`p.state.${kind}`, { role: kind === 'error' ? 'alert' : 'status' },
    kind === 'loading' ? el('span.spinner', { 'aria-hidden': 'true' }) : null, message));
}

/** Sends a visitor who is not signed in to the login page and back here afterwards. */
export function requireLogin() {
  if (session.signedIn) return true;
  location.href = `/login.html?next=${encodeURIComponent(location.pathname + location.search)}`;
  return false;
}

export function newRequestId() {
  return crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(16).slice(2)}`;
}

// ---- Header ----

let balanceNode = null;

/** Updates the header's coin balance (after a gift or a purchase) without another request. */
export function setBalance(coins) {
  if (balanceNode && coins !== undefined && coins !== null) {
    balanceNode.textContent = formatNumber(coins);
    balanceNode.closest('a')?.setAttribute('aria-label', `Wallet: ${formatCount(coins, 'coin')}`);
  }
}

export async function refreshBalance() {
  if (!session.signedIn) return null;
  try {
    const wallet = await api('/api/wallet');
    setBalance(wallet?.coins ?? 0);
    return wallet;
  } catch {
    if (balanceNode) balanceNode.textContent = '—';
    return null;
  }
}

export function renderHeader() {
  let header = $('header.site');
  if (!header) {
    header = el('header.site');
    document.body.prepend(header);
  }
  const here = location.pathname;
  // Another user's profile is not "Profile": that link is the signed-in user's own.
  const otherUser = new URLSearchParams(location.search).get('user');
  const ownProfile = here === '/profile.html' && (!otherUser || otherUser === session.userId);
  const link = (href, text) => el('a', { href, 'aria-current': (href === '/profile.html' ? ownProfile : here === href) ? 'page' : null }, text);
  const nav = el('nav', { 'aria-label': 'Main' },
    link('/', 'Home'), link('/upload.html', 'Upload'), link('/studio.html', 'Go live'), link('/wallet.html', 'Wallet'), link('/creator.html', 'Creator'),
    ...(session.signedIn ? [link('/profile.html', 'Profile'), link('/account.html', 'Account')] : []));
  const right = el('div.account');
  if (session.signedIn) {
    balanceNode = el('span#balance', {}, '…');
    right.append(
      el('a.coins', { href: '/wallet.html', title: 'Your coin balance', 'aria-label': 'Wallet' },
        el('span.coin', { 'aria-hidden': 'true' }, '●'), balanceNode),
      el('a#me.me', { href: '/profile.html', title: 'Your profile' }),
      el('button.link', { type: 'button', onclick: () => { session.clear(); location.href = '/'; } }, 'Log out'));
    api('/api/me').then((me) => { $('#me').textContent = me?.displayName ?? me?.username ?? ''; }).catch(() => {});
    refreshBalance();
  } else {
    balanceNode = null;
    // A first-time visitor needs the way in to be one click: "Sign up" beside "Log in", on every page.
    const next = encodeURIComponent(location.pathname + location.search);
    right.append(
      el('a.button.small', { href: `/login.html?next=${next}` }, 'Log in'),
      el('a.button.small.primary', { href: `/login.html?mode=signup&next=${next}` }, 'Sign up'));
  }
  header.replaceChildren(
    el('a.brand', { href: '/', 'aria-label': 'Stagecast home' }, el('span.logo', { 'aria-hidden': 'true' }, '▶'), 'Stagecast'),
    nav, right);
  showCurrentLink(nav);
}

/** On a phone the menu scrolls sideways: bring the page's own link into sight, so the user sees where they are. */
function showCurrentLink(nav) {
  const current = nav.querySelector('a[aria-current="page"]');
  if (!current || nav.scrollWidth <= nav.clientWidth) return;
  const box = nav.getBoundingClientRect();
  const link = current.getBoundingClientRect();
  if (link.right > box.right) nav.scrollLeft += link.right - box.right + 8;
  else if (link.left < box.left) nav.scrollLeft -= box.left - link.left + 8;
}

// Every page gets the header as soon as this module loads.
if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', renderHeader);
} else {
  renderHeader();
}
