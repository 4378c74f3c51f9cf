// One WebSocket to the server that keeps itself alive: it reconnects with back-off and, on every
// (re)connect, resumes from the positions the state knows, so nothing is missed or doubled.
// token() is async: it refreshes the access token first when it is about to expire; a close with
// 4001 (token expired) refreshes and reconnects at once, 4003 (token revoked: logged out) ends it.
export function createConnection({ token, refresh, positions, onFrame, onStatus, onExpired, checkSession }) {
  let socket = null;
  let attempt = 0;
  let stopped = false;
  let timer = null;

  async function open() {
    onStatus(attempt === 0 ? 'connecting' : 'reconnecting');
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const access = await token();
    if (stopped) return;
    const ws = new WebSocket(`${scheme}://${location.host}/ws?resume=1&token=${encodeURIComponent(access)}`);
    socket = ws;
    ws.onopen = () => ws.send(JSON.stringify({ type: 'resume', positions: positions() }));
    ws.onmessage = (event) => {
      let frame;
      try {
        frame = JSON.parse(event.data);
      } catch {
        return;
      }
      if (frame.type === 'resume.done') {
        attempt = 0;
        onStatus('online');
      }
      onFrame(frame);
    };
    ws.onclose = (event) => {
      if (socket === ws) socket = null;
      if (stopped) return;
      if (event.code === 4001) {
        refresh().then((ok) => (ok ? open() : onExpired()), () => reconnectLater());
        return;
      }
      if (event.code === 4003) {
        onExpired();
        return;
      }
      reconnectLater();
    };
  }

  function reconnectLater() {
    onStatus('reconnecting');
    const delay = Math.min(10_000, 500 * 2 ** attempt) * (0.5 + Math.random() / 2);
    attempt += 1;
    timer = setTimeout(async () => {
      // A refused upgrade looks like any other failure: ask the REST API whether the session still holds.
      if (!(await checkSession())) {
        onExpired();
        return;
      }
      if (!stopped) open();
    }, delay);
  }

  return {
    start: open,
    online: () => socket !== null && socket.readyState === WebSocket.OPEN,
    send(frame) {
      if (socket === null || socket.readyState !== WebSocket.OPEN) return false;
      socket.send(JSON.stringify(frame));
      return true;
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
      if (socket) socket.close(1000, 'logout');
    },
  };
}
