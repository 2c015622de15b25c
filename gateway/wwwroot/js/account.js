// The account page: change password and log out everywhere (both revoke every session, so both end at the login
// page), and the blocked users.
import { $, api, describe, session } from './app.js';
import { renderBlockedList } from './blocks.js';

if (!session.signedIn) {
  location.href = `/login.html?next=${encodeURIComponent('/account.html')}`;
}

function signedOut(message) {
  $('#password-status').textContent = message;
  session.clear();
  location.href = `/login.html?next=${encodeURIComponent('/account.html')}`;
}

$('#password-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const status = $('#password-status');
  status.textContent = 'Changing…';
  try {
    await api('/api/me/password', {
      method: 'POST',
      body: { currentPassword: $('#current-password').value, newPassword: $('#new-password').value },
    });
    signedOut('Password changed. Sign in with your new password.');
  } catch (e) {
    status.textContent = e.code === 'invalid_credentials' ? 'That is not your current password.' : describe(e);
  }
});

$('#logout-all').addEventListener('click', async () => {
  try {
    await api('/api/auth/logout-all', { method: 'POST' });
    signedOut('Signed out on every device.');
  } catch (e) {
    $('#password-status').textContent = describe(e);
  }
});

async function showEmail() {
  const current = await api('/api/me/email').catch(() => null);
  $('#email-current').textContent = current
    ? `${current.email}: ${current.verified ? 'verified' : 'not verified yet (open the link we mailed you)'}`
    : 'No email address yet.';
}

$('#email-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const status = $('#email-status');
  try {
    await api('/api/me/email', { method: 'PUT', body: { email: $('#email').value.trim() } });
    status.textContent = 'Check your inbox: the link in the mail verifies the address.';
    await showEmail();
  } catch (e) {
    status.textContent = describe(e);
  }
});

$('#country-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const status = $('#country-status');
  try {
    const me = await api('/api/me', { method: 'PATCH', body: { country: $('#country').value.trim() } });
    $('#country').value = me.country ?? '';
    status.textContent = me.country ? `Saved: ${me.country}.` : 'Country cleared.';
  } catch (e) {
    status.textContent = e.code === 'invalid_country' ? 'That is not a country code (two letters, e.g. DE).' : describe(e);
  }
});

if (session.signedIn) {
  showEmail();
  api('/api/me').then((me) => { $('#country').value = me?.country ?? ''; }).catch(() => {});
  renderBlockedList($('#blocked-list'));
  api('/api/operator/me').then((me) => { $('#operator-panel').hidden = !me?.isOperator; }).catch(() => {});
}
