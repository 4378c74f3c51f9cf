// Signing up, logging in and out, and the live connection that belongs to a session. The login is
// shared by the browser's tabs (context.js): a login or logout in one tab happens in all of them.
import { refreshConversations } from './actions.js';
import { noticeFrame } from './attention.js';
import { createConnection } from './connection.js';
import { api, ctx, forget, freshToken, refresh, scheduleRefresh, setTokens, watchOtherTabs } from './context.js';
import { $ } from './dom.js';
import { clearDrafts } from './drafts.js';
import { onFrame } from './frames.js';
import { focusConversations } from './keyboard.js';
import { followRoute, leaveRoute } from './navigation.js';
import { forgetUnsent, restoreUnsent } from './sending.js';
import { changed, positions, reset, state } from './state.js';

const EXPIRED = 'Your session expired. Please log in again.';
let starting = false;

export function showAuth(message = '') {
  $('chat').hidden = true;
  $('auth').hidden = false;
  $('auth-error').textContent = message;
  $('auth-username').focus();
}

export async function start() {
  if (starting || state.me) return;
  starting = true;
  try {
    state.me = await api.me();
  } catch (e) {
    starting = false;
    if (e.status === 401) {
      if (ctx.token) logout(EXPIRED); // else the API's onExpired did it already
    } else if (ctx.token) {
      // Down or unreachable: the login is not in question (and logging out here would log out every tab).
      showAuth(`Cannot reach the server (${e.message}); trying again…`);
      setTimeout(() => { if (ctx.token) start(); }, 5_000);
    }
    return;
  }
  starting = false;
  $('auth').hidden = true;
  $('chat').hidden = false;
  $('me').textContent = `Signed in as ${state.me.username}`;
  scheduleRefresh();
  await refreshConversations();
  restoreUnsent();
  let socketToken = null; // the token the socket went up with: the one a close 4001 refuses
  ctx.connection = createConnection({
    token: async () => (socketToken = await freshToken()),
    refresh: () => refresh(socketToken),
    positions,
    onFrame: (frame) => noticeFrame(frame, onFrame),
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
  followRoute();
}

/** Ends the session in this tab and, through the shared storage, in the browser's other tabs. */
export function logout(message = '') {
  setTokens(null).catch(() => {}); // the other tabs hear of it at once (localStorage); the shared record goes too
  endHere(message);
}

function endHere(message) {
  ctx.connection?.stop();
  ctx.connection = null;
  reset();
  changed();
  showAuth(message);
}

/** The logout button: this browser's drafts go, and the server revokes the access token and ends the refresh cookie's login. */
export async function signOut() {
  const token = await freshToken(); // an expired one could not be revoked
  forgetUnsent();
  clearDrafts();
  leaveRoute();
  logout();
  if (!token) return;
  await fetch('/api/v1/auth/logout', { method: 'POST', headers: { Authorization: `Bearer ${token}` } }).catch(() => {});
}

export function expire() {
  if (!ctx.token) return;
  if (localStorage.getItem('parley.token') === null) endHere(''); // another tab logged out first
  else logout(EXPIRED);
}

export async function authenticate(register) {
  const username = $('auth-username').value.trim();
  const password = $('auth-password').value;
  $('auth-error').textContent = '';
  try {
    if (register) await api.register(username, password);
    const issued = await api.login(username, password);
    await setTokens(issued);
    $('auth-password').value = '';
    await start();
    // The form is gone: a keyboard user goes on from the conversations (unless the URL opened one).
    if (document.activeElement === document.body || document.activeElement?.closest('#auth')) focusConversations();
  } catch (e) {
    $('auth-error').textContent = e.code === 'invalid_credentials' ? 'Wrong username or password.'
      : e.code === 'username_taken' ? 'That username is already taken.' : e.message;
  }
}

watchOtherTabs({
  signedIn: () => {
    $('auth-password').value = '';
    start();
  },
  signedOut: () => {
    forget();
    endHere('');
  },
  switched: () => location.reload(), // another user logged in: nothing of this one's may stay on screen
});
