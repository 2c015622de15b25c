// The page the verification mail links to: it spends the token from the link at once and says how that went.
import { $, api, describe } from './app.js';

const token = new URLSearchParams(location.search).get('token');
const status = $('#verify-status');
if (!token) {
  status.textContent = 'This link has no verification code. Open the link from the mail again.';
} else {
  api('/api/auth/verify-email', { method: 'POST', body: { token } })
    .then(() => { status.textContent = 'Your email address is verified. Password resets will be mailed to it.'; })
    .catch((e) => {
      status.textContent = e.code === 'invalid_token'
        ? 'This link was already used or has expired. Set your address again on your account page to get a new one.'
        : describe(e);
    });
}
