// What the client's modules share: the REST API, the live connection and the session's tokens.
//
// Tokens live in sessionStorage, not localStorage: each tab has its own login and its own
// refresh-token family, so two tabs never present the same refresh token (the server would take
// the second use for a stolen copy and end the session), a reload keeps the session and closing
// the tab forgets it. Script injected into the page could read either storage; the refresh token
// is sent only to /api/v1/auth/refresh and never in a WebSocket URL.
import { createApi } from './api.js';

const TOKEN_KEY = 'parley.token';
const REFRESH_KEY = 'parley.refresh';
const EXPIRES_KEY = 'parley.expires';
/** Refresh this long before the access token expires. */
const EARLY_MS = 60_000;

export const ctx = {
  token: sessionStorage.getItem(TOKEN_KEY),
  refreshToken: sessionStorage.getItem(REFRESH_KEY),
  expiresAt: Number(sessionStorage.getItem(EXPIRES_KEY) ?? 0),
  connection: null,
  onExpired: () => {},
};

let refreshing = null;
let timer = null;

/**
 * A new access token from the refresh token, one request at a time however many callers ask.
 * True if it worked; false if the session is over (refresh token unknown, used, expired).
 */
export function refresh() {
  if (!ctx.refreshToken) return Promise.resolve(false);
  refreshing ??= (async () => {
    try {
      setTokens(await api.refresh(ctx.refreshToken));
      return true;
    } catch (e) {
      return e.status !== 401 && e.status !== 400 ? Promise.reject(e) : false;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

/** Refreshes first if the access token expires within a minute. */
export async function freshToken() {
  if (ctx.refreshToken && ctx.expiresAt - Date.now() < EARLY_MS) await refresh().catch(() => false);
  return ctx.token;
}

export const api = createApi(() => ctx.token, () => ctx.onExpired(), refresh);

export function setTokens(issued) {
  ctx.token = issued?.accessToken ?? null;
  ctx.refreshToken = issued?.refreshToken ?? null;
  ctx.expiresAt = issued ? Date.now() + issued.expiresIn * 1000 : 0;
  clearTimeout(timer);
  if (issued) {
    sessionStorage.setItem(TOKEN_KEY, ctx.token);
    sessionStorage.setItem(REFRESH_KEY, ctx.refreshToken);
    sessionStorage.setItem(EXPIRES_KEY, String(ctx.expiresAt));
    scheduleRefresh();
  } else {
    [TOKEN_KEY, REFRESH_KEY, EXPIRES_KEY].forEach((key) => sessionStorage.removeItem(key));
  }
}

/** Keeps the access token fresh while the page is open: REST calls then rarely meet an expired one. */
export function scheduleRefresh() {
  clearTimeout(timer);
  if (!ctx.refreshToken) return;
  const delay = Math.max(1_000, ctx.expiresAt - Date.now() - EARLY_MS);
  timer = setTimeout(() => refresh().then((ok) => { if (!ok) ctx.onExpired(); }, scheduleRefresh), delay);
}
