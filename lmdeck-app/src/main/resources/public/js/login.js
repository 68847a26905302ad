// The login form shown when lmdeck answers 401 (a server started with --token and no #token= in the URL).

import { byId, setText, show } from './dom.js';
import { setToken, hasToken } from './api.js';

export function initLogin(onToken) {
  const dialog = byId('login');
  const form = byId('login-form');
  dialog.addEventListener('cancel', (e) => e.preventDefault()); // nothing works without it
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const value = byId('login-token').value.trim();
    if (!value) return;
    setToken(value);
    dialog.close();
    onToken();
  });
}

export function askForToken() {
  const dialog = byId('login');
  if (dialog.open) return;
  const error = byId('login-error');
  show(error, hasToken());
  setText(error, hasToken() ? 'That token was not accepted. Check it and try again.' : '');
  setToken(null);
  const field = byId('login-token');
  field.value = ''; // a refused token is not worth keeping: start the next attempt clean
  dialog.showModal();
  field.focus();
}
