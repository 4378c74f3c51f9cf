// One WebSocket to the server that keeps itself alive and says truthfully whether it is: it
// reconnects with back-off and, on every (re)connect, resumes from the positions the state knows,
// so nothing is missed or doubled.
//
// A socket can die without a close (a network black hole: Wi-Fi gone, a NAT that forgot us): the
// browser keeps it OPEN for minutes. So the client pings ({"type":"ping"}, answered with "pong")
// every PING_INTERVAL_MS, and right away when a message goes out or the tab comes back; if nothing
// at all arrives within PONG_TIMEOUT_MS the socket is given up (without waiting for a close
// handshake that cannot come) and a new one is opened. An attempt that is not open within
// CONNECT_TIMEOUT_MS is given up the same way. The browser's offline event gives the socket up at
// once; its online event reconnects at once.
//
// token() is async: it refreshes the access token first when it is about to expire; a close with
// 4001 (token expired) refreshes and reconnects at once, 4003 (token revoked: logged out) ends it.
//
// Statuses (onStatus): connecting (never connected yet), reconnecting (was connected), offline
// (the browser says there is no network), online (resumed: live). info() adds when the next attempt
// is due while waiting out the back-off.
const DEFAULTS = { pingIntervalMs: 20_000, pongTimeoutMs: 5_000, connectTimeoutMs: 10_000 };
const MAX_BACKOFF_MS = 10_000;
const SESSION_CHECK_MS = 5_000;

/**
 * The timings, with an override from localStorage "parley.net" (JSON with any of the keys of
 * DEFAULTS, each at least 100 ms). Only the browser tests set it, to find a dead connection in
 * seconds instead of half a minute.
 */
export function timings() {
  const result = { ...DEFAULTS };
  try {
    const override = JSON.parse(localStorage.getItem('parley.net') ?? '{}');
    for (const key of Object.keys(DEFAULTS)) {
      if (Number.isFinite(override[key]) && override[key] >= 100) result[key] = override[key];
    }
  } catch {
    // no (valid) override
  }
  return result;
}

/** What `promise` gives, or `fallback` if it has not settled within `ms`. */
function within(promise, ms, fallback) {
  let timer;
  return Promise.race([promise, new Promise((resolve) => { timer = setTimeout(() => resolve(fallback), ms); })])
    .finally(() => clearTimeout(timer));
}

export function createConnection({ token, refresh, positions, onFrame, onStatus, onExpired, checkSession }) {
  const t = timings();
  let socket = null; // the socket in use (connecting or open), or null
  let opened = false; // whether `socket` has opened
  let generation = 0; // bumped whenever an attempt is given up: late callbacks of older ones do nothing
  let attempt = 0;
  let everOnline = false;
  let refused = false; // the last attempt was closed before it opened: maybe the session is over
  let stopped = false;
  let status = null;
  let nextAttemptAt = null;
  let retryTimer = null;
  let connectTimer = null;
  let pingTimer = null;
  let pongTimer = null;

  function setStatus(next, due = null) {
    const shown = next !== 'online' && !navigator.onLine ? 'offline' : next;
    if (shown === status && due === nextAttemptAt) return;
    status = shown;
    nextAttemptAt = due;
    onStatus(shown);
  }

  async function open() {
    clearTimeout(connectTimer);
    clearTimeout(retryTimer);
    retryTimer = null;
    const mine = ++generation;
    setStatus(everOnline ? 'reconnecting' : 'connecting');
    // Covers getting the token too: a refresh through a dead network would wait for ever.
    connectTimer = setTimeout(() => giveUp(mine), t.connectTimeoutMs);
    const access = await token();
    if (stopped || mine !== generation) return;
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const ws = new WebSocket(`${scheme}://${location.host}/ws?resume=1&token=${encodeURIComponent(access)}`);
    socket = ws;
    opened = false;
    ws.onopen = () => {
      clearTimeout(connectTimer);
      opened = true;
      refused = false;
      ws.send(JSON.stringify({ type: 'resume', positions: positions() }));
      pingTimer = setInterval(probe, t.pingIntervalMs);
    };
    ws.onmessage = (event) => {
      heard();
      let frame;
      try {
        frame = JSON.parse(event.data);
      } catch {
        return;
      }
      if (frame.type === 'pong') return;
      if (frame.type === 'resume.done') {
        attempt = 0;
        everOnline = true;
        setStatus('online');
      }
      onFrame(frame);
    };
    ws.onclose = (event) => {
      if (socket !== ws) return;
      const wasOpen = opened;
      forget();
      if (stopped) return;
      if (event.code === 4001) {
        within(refresh(), t.connectTimeoutMs, null).then((ok) => (ok === null ? reconnectLater() : ok ? open() : onExpired()), () => reconnectLater());
        return;
      }
      if (event.code === 4003) {
        onExpired();
        return;
      }
      refused = !wasOpen;
      reconnectLater();
    };
  }

  /** Drops the current socket without waiting for its close handshake, which a dead network never completes. */
  function forget(reason = 'no answer') {
    clearTimeout(connectTimer);
    clearInterval(pingTimer);
    clearTimeout(pongTimer);
    pongTimer = null;
    generation += 1;
    const ws = socket;
    socket = null;
    opened = false;
    if (ws) {
      ws.onopen = ws.onmessage = ws.onclose = null;
      try {
        ws.close(1000, reason);
      } catch {
        // already closing
      }
    }
  }

  /** The attempt `which` (or the open socket) did not answer in time: drop it and try again. */
  function giveUp(which) {
    if (stopped || which !== generation) return;
    forget();
    reconnectLater();
  }

  /** Anything that arrives proves the socket alive. */
  function heard() {
    clearTimeout(pongTimer);
    pongTimer = null;
  }

  /** Asks the server for a sign of life, unless a question is already out. */
  function probe() {
    if (!socket || !opened || pongTimer !== null) return;
    const mine = generation;
    try {
      socket.send('{"type":"ping"}');
    } catch {
      giveUp(mine);
      return;
    }
    pongTimer = setTimeout(() => giveUp(mine), t.pongTimeoutMs);
  }

  function reconnectLater() {
    clearTimeout(retryTimer);
    const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** attempt) * (0.5 + Math.random() / 2);
    attempt += 1;
    setStatus(everOnline ? 'reconnecting' : 'connecting', Date.now() + delay);
    retryTimer = setTimeout(async () => {
      retryTimer = null;
      // A refused upgrade looks like any other failure: ask the REST API whether the session still
      // holds (not for ever: through a dead network the question is never answered).
      if (refused) {
        if (!(await within(checkSession(), SESSION_CHECK_MS, true))) {
          onExpired();
          return;
        }
      }
      if (!stopped && socket === null && retryTimer === null) open();
    }, delay);
  }

  /** Now, not after the back-off (the network came back, or the user asked). */
  function reconnectNow() {
    if (stopped || (socket !== null && opened)) return;
    forget();
    attempt = 0;
    open();
  }

  const onOffline = () => {
    if (stopped) return;
    // The browser knows the network is gone: the socket cannot work, and whatever is sent meanwhile waits.
    forget();
    reconnectLater();
  };
  const onOnline = () => {
    if (stopped) return;
    if (socket !== null && opened) probe();
    else reconnectNow();
  };
  const onVisible = () => {
    if (document.visibilityState === 'visible') probe(); // timers of hidden tabs are throttled
  };
  window.addEventListener('offline', onOffline);
  window.addEventListener('online', onOnline);
  document.addEventListener('visibilitychange', onVisible);

  return {
    start: open,
    online: () => socket !== null && opened && socket.readyState === WebSocket.OPEN,
    info: () => ({ status, nextAttemptAt }),
    probe,
    reconnectNow,
    send(frame) {
      if (socket === null || !opened || socket.readyState !== WebSocket.OPEN) return false;
      socket.send(JSON.stringify(frame));
      return true;
    },
    stop() {
      stopped = true;
      clearTimeout(retryTimer);
      window.removeEventListener('offline', onOffline);
      window.removeEventListener('online', onOnline);
      document.removeEventListener('visibilitychange', onVisible);
      forget('logout');
    },
  };
}
