// REST calls. Failures become ApiError with the server's problem code.
export class ApiError extends Error {
  constructor(status, code, message, field) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

// A 401 token_expired is answered by refreshing the access token (refresh, told which token the
// server refused) and trying once more. The /auth routes go without a token; the refresh token
// travels as a cookie the browser adds to /api/v1/auth requests only (context.js).
export function createApi(getToken, onExpired, refresh) {
  async function call(method, path, body, retried = false) {
    const headers = { Accept: 'application/json' };
    const token = path.startsWith('/api/v1/auth/') ? null : getToken();
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response;
    try {
      response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch {
      throw new ApiError(0, 'network', 'The server cannot be reached');
    }
    const data = response.status === 204 ? null : await response.json().catch(() => null);
    if (!response.ok) {
      const error = new ApiError(response.status, data?.code ?? 'error', data?.detail ?? response.statusText, data?.field);
      if (response.status === 401 && token && error.code === 'token_expired' && !retried && await refresh(token).catch(() => false)) {
        return call(method, path, body, true);
      }
      if (response.status === 401 && token && ['token_expired', 'invalid_token', 'token_revoked'].includes(error.code)) onExpired(error);
      throw error;
    }
    return data;
  }
  return {
    register: (username, password) => call('POST', '/api/v1/auth/register', { username, password }),
    login: (username, password) => call('POST', '/api/v1/auth/login', { username, password, refreshCookie: true }),
    refresh: () => call('POST', '/api/v1/auth/refresh'),
    me: () => call('GET', '/api/v1/users/me'),
    user: (username) => call('GET', `/api/v1/users?username=${encodeURIComponent(username)}`),
    conversations: () => call('GET', '/api/v1/conversations?limit=100'),
    messages: (id, before, { after = null, limit = 50 } = {}) => call('GET', `/api/v1/conversations/${encodeURIComponent(id)}/messages?limit=${limit}${before != null ? `&before=${before}` : ''}${after != null ? `&after=${after}` : ''}`),
    search: (q, { conversationId = null, cursor = null } = {}) => call('GET', `/api/v1/search?q=${encodeURIComponent(q)}&limit=20${conversationId ? `&conversationId=${encodeURIComponent(conversationId)}` : ''}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
    rooms: () => call('GET', '/api/v1/rooms?limit=100'),
    presence: (usernames) => call('GET', `/api/v1/presence?users=${usernames.map(encodeURIComponent).join(',')}`),
  };
}
