// What the client's modules share: the REST API, the live connection and the session's tokens.
//
// One login per browser, shared by all its tabs (docs/web-client.md, "Sessions and navigation"):
// - the refresh token is an HttpOnly, SameSite=Strict cookie sent only to /api/v1/auth: no script
//   in the page, ours or injected, can read it;
// - the short-lived access token and when to renew it are shared by the tabs (token-store.js,
//   mirrored in localStorage), so every tab uses the same one (it goes only in the Authorization
//   header and the WebSocket URL);
// - renewing takes the Web Lock 'parley-refresh' and, holding it, re-reads the shared token: a tab
//   renews only if no other tab did meanwhile. So two requests never present the same refresh
//   token (the server would take the second for a stolen copy and end the login);
// - the other tabs learn of a new token, a login and a logout from the `storage` event.
import { createApi } from './api.js';
import { readTokens, writeTokens } from './token-store.js';

const TOKEN_KEY = 'parley.token';
const EXPIRES_KEY = 'parley.expires';
const RENEW_KEY = 'parley.renew-at';
/** Renew this long before the access token expires (less for tokens shorter than four minutes). */
const EARLY_MS = 60_000;

// Tokens of the per-tab sessions before this version: never read again.
['parley.token', 'parley.refresh', 'parley.expires'].forEach((key) => sessionStorage.removeItem(key));

function mirrored() {
  return {
    token: localStorage.getItem(TOKEN_KEY),
    expiresAt: Number(localStorage.getItem(EXPIRES_KEY) ?? 0),
    renewAt: Number(localStorage.getItem(RENEW_KEY) ?? 0),
  };
}

export const ctx = {
  ...mirrored(),
  connection: null,
  onExpired: () => {},
};

let timer = null;

/**
 * A working access token after `rejected` (the token the server refused, or null when it is only
 * about to expire): another tab's, or an earlier caller's, if one renewed meanwhile, or a new one.
 * Every caller, in this tab or another, takes its turn through the lock and decides only once it
 * holds it. True if it worked; false if the login is over (logged out elsewhere, refresh token
 * unknown, used or expired).
 */
export function refresh(rejected = null) {
  if (!ctx.token) return Promise.resolve(false);
  return navigator.locks.request('parley-refresh', async () => {
    const now = await readTokens();
    if (!now) return false;
    if (now.token !== rejected && now.renewAt > Date.now()) {
      adopt(now);
      return true;
    }
    try {
      await setTokens(await api.refresh()); // the lock is held until every tab can read the new token
      return true;
    } catch (e) {
      if (e.status === 401 || e.status === 400) return false;
      throw e;
    }
  });
}

/** Renews first if the access token is due. */
export async function freshToken() {
  if (ctx.token && ctx.renewAt <= Date.now()) await refresh().catch(() => false);
  return ctx.token;
}

export const api = createApi(() => ctx.token, () => ctx.onExpired(), refresh);

/** Keeps what login or refresh issued, for every tab; null forgets it (every tab logs out). */
export async function setTokens(issued) {
  if (!issued) {
    [TOKEN_KEY, EXPIRES_KEY, RENEW_KEY].forEach((key) => localStorage.removeItem(key));
    forget();
    await writeTokens(null);
    return;
  }
  const lifetime = issued.expiresIn * 1000;
  const values = { token: issued.accessToken, expiresAt: Date.now() + lifetime, renewAt: Date.now() + lifetime - Math.min(EARLY_MS, lifetime / 4) };
  adopt(values);
  await writeTokens(values);
  localStorage.setItem(EXPIRES_KEY, String(values.expiresAt));
  localStorage.setItem(RENEW_KEY, String(values.renewAt));
  localStorage.setItem(TOKEN_KEY, values.token); // last: other tabs react to this key
}

/** Stops using the token in this tab only (another tab logged out). */
export function forget() {
  ctx.token = null;
  ctx.expiresAt = 0;
  ctx.renewAt = 0;
  clearTimeout(timer);
}

function adopt(values) {
  ctx.token = values.token;
  ctx.expiresAt = values.expiresAt;
  ctx.renewAt = values.renewAt;
  scheduleRefresh();
}

/** Keeps the access token fresh while the page is open: REST calls then rarely meet an expired one. */
export function scheduleRefresh() {
  clearTimeout(timer);
  if (!ctx.token) return;
  timer = setTimeout(() => refresh().then((ok) => { if (!ok) ctx.onExpired(); }, scheduleRefresh), Math.max(1_000, ctx.renewAt - Date.now()));
}

/** The user id inside an access token (only to tell whether another tab logged in as someone else). */
export function subjectOf(token) {
  try {
    return JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))).sub ?? null;
  } catch {
    return null;
  }
}

/**
 * What other tabs do to the shared login: `signedIn()` when one logs in while this tab shows the
 * form, `signedOut()` when one logs out, `switched()` when one logs in as another user. A renewed
 * token is simply taken.
 */
export function watchOtherTabs({ signedIn, signedOut, switched }) {
  addEventListener('storage', (event) => {
    if (event.storageArea !== localStorage || (event.key !== TOKEN_KEY && event.key !== null)) return;
    const now = mirrored();
    const before = ctx.token;
    if (!now.token) {
      if (before) signedOut();
    } else if (!before) {
      adopt(now);
      signedIn();
    } else if (subjectOf(now.token) !== subjectOf(before)) {
      switched();
    } else {
      adopt(now);
    }
  });
}
