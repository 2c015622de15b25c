import { api, session, describe, $ } from './app.js';

let mode = new URLSearchParams(location.search).get('mode') === 'signup' ? 'signup' : 'login';
const next = (() => {
  const value = new URLSearchParams(location.search).get('next');
  // Only same-site paths: never bounce a fresh token to another origin.
  return value && value.startsWith('/') && !value.startsWith('//') ? value : '/';
})();

$('#auth-notice').hidden = new URLSearchParams(location.search).get('deleted') !== '1';

function setMode(value) {
  mode = value;
  const signup = mode === 'signup';
  $('#tab-login').setAttribute('aria-selected', String(!signup));
  $('#tab-signup').setAttribute('aria-selected', String(signup));
  $('#tab-login').classList.toggle('primary', !signup);
  $('#tab-signup').classList.toggle('primary', signup);
  $('#display-field').hidden = !signup;
  $('#password').autocomplete = signup ? 'new-password' : 'current-password';
  $('#submit').textContent = signup ? 'Create account' : 'Log in';
  $('#heading').textContent = signup ? 'Sign up' : 'Log in';
  $('#hint').hidden = signup;
  document.title = `${signup ? 'Sign up' : 'Log in'} · Stagecast`;
  $('#auth-error').textContent = '';
}

$('#tab-login').addEventListener('click', () => setMode('login'));
$('#tab-signup').addEventListener('click', () => setMode('signup'));
setMode(mode);

$('#auth-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const username = $('#username').value.trim();
  const password = $('#password').value;
  const error = $('#auth-error');
  if (username.length < 3) { error.textContent = 'Choose a username of at least 3 characters.'; $('#username').focus(); return; }
  if (password.length < 8) { error.textContent = 'Passwords have at least 8 characters.'; $('#password').focus(); return; }
  const button = $('#submit');
  button.disabled = true;
  const label = button.textContent;
  button.textContent = mode === 'signup' ? 'Creating account…' : 'Logging in…';
  error.textContent = '';
  try {
    const body = mode === 'signup'
      ? { username, password, displayName: $('#displayName').value.trim() || undefined }
      : { username, password };
    const result = await api(`/api/auth/${mode === 'signup' ? 'register' : 'login'}`, { method: 'POST', body });
    session.save(result);
    location.href = next;
  } catch (e) {
    error.textContent = describe(e);
    button.disabled = false;
    button.textContent = label;
  }
});
