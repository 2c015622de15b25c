// Password reset: without a token, ask for a reset mail by username; with the mail's token, set the new password.
import { $, api, describe, session } from './app.js';

const token = new URLSearchParams(location.search).get('token');
const status = $('#reset-status');

$('#request-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const username = $('#reset-username').value.trim();
  if (username.length < 3) { status.textContent = 'Enter your username.'; return; }
  try {
    await api('/api/auth/password-reset', { method: 'POST', body: { username } });
    status.textContent = 'If that account has a verified email address, a reset link is on its way. It works once, for 30 minutes.';
  } catch (e) {
    status.textContent = describe(e);
  }
});

if (!token) {
  $('#request-form').hidden = false;
} else {
  $('#reset-form').hidden = false;
  $('#reset-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const newPassword = $('#new-password').value;
    if (newPassword !== $('#new-password-again').value) { status.textContent = 'The two passwords differ.'; return; }
    try {
      await api('/api/auth/password-reset/confirm', { method: 'POST', body: { token, newPassword } });
      // Every session was revoked, this browser's too.
      session.clear();
      $('#reset-form').hidden = true;
      status.replaceChildren('Your password is changed and you are signed out everywhere. ',
        Object.assign(document.createElement('a'), { href: '/login.html', textContent: 'Log in with it' }), '.');
    } catch (e) {
      status.textContent = e.code === 'invalid_token'
        ? 'This link was already used or has expired. Ask for a new one on this page.'
        : describe(e);
      if (e.code === 'invalid_token') {
        $('#reset-form').hidden = true;
        $('#request-form').hidden = false;
      }
    }
  });
}
