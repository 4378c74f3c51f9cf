// What the client's modules share: the REST API, the live connection and the session token.
import { createApi } from './api.js';

const TOKEN_KEY = 'parley.token';

export const ctx = {
  token: sessionStorage.getItem(TOKEN_KEY),
  connection: null,
  onExpired: () => {},
};

export const api = createApi(() => ctx.token, () => ctx.onExpired());

export function setToken(token) {
  ctx.token = token;
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}
