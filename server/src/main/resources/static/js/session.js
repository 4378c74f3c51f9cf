// Signing up, logging in and out, and the live connection that belongs to a session.
import { refreshConversations } from './actions.js';
import { createConnection } from './connection.js';
import { api, ctx, freshToken, refresh, scheduleRefresh, setTokens } from './context.js';
import { $ } from './dom.js';
import { onFrame } from './frames.js';
import { forgetUnsent, restoreUnsent } from './sending.js';
import { changed, positions, reset, state } from './state.js';

const EXPIRED = 'Your session expired. Please log in again.';

export function showAuth(message = '') {
  $('chat').hidden = true;
  $('auth').hidden = false;
  $('auth-error').textContent = message;
  $('auth-username').focus();
}

export async function start() {
  try {
    state.me = await api.me();
  } catch (e) {
    logout(e.status === 401 ? EXPIRED : `Cannot reach the server: ${e.message}`);
    return;
  }
  $('auth').hidden = true;
  $('chat').hidden = false;
  $('me').textContent = `Signed in as ${state.me.username}`;
  scheduleRefresh();
  await refreshConversations();
  restoreUnsent();
  ctx.connection = createConnection({
    token: freshToken,
    refresh,
    positions,
    onFrame,
    onStatus: (status) => { state.status = status; changed('status'); },
    onExpired: expire,
    checkSession: async () => {
      try {
        await api.me();
        return true;
      } catch (e) {
        return e.status !== 401;
      }
    },
  });
  ctx.connection.start();
}

/** Ends the session here; signOut also asks the server to revoke its tokens. */
export function logout(message = '') {
  ctx.connection?.stop();
  ctx.connection = null;
  setTokens(null);
  reset();
  changed();
  showAuth(message);
}

export async function signOut() {
  const { token, refreshToken } = ctx;
  forgetUnsent();
  logout();
  if (!token) return;
  // The server refuses the token from now on, closes its WebSockets and ends the refresh token's family.
  await fetch('/api/v1/auth/logout', {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ refreshToken }),
  }).catch(() => {});
}

export function expire() {
  if (ctx.token) logout(EXPIRED);
}

export async function authenticate(register) {
  const username = $('auth-username').value.trim();
  const password = $('auth-password').value;
  $('auth-error').textContent = '';
  try {
    if (register) await api.register(username, password);
    const issued = await api.login(username, password);
    setTokens(issued);
    $('auth-password').value = '';
    await start();
  } catch (e) {
    $('auth-error').textContent = e.code === 'invalid_credentials' ? 'Wrong username or password.'
      : e.code === 'username_taken' ? 'That username is already taken.' : e.message;
  }
}
