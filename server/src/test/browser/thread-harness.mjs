// Measuring instruments for thread.e2e.mjs, installed in the page before the client's own scripts.

/**
 * Runs in the page (an init script): notes when each WebSocket frame arrives (before the client
 * handles it), when each message node is in the DOM and laid out, and how long keystrokes take.
 * Exposed as window.thread.
 */
export function harness() {
  const arrivals = new Map(); // message content -> when its message.create arrived
  const shown = new Map(); // message content -> when its node was in the DOM and laid out
  const keys = { handled: [], painted: [], start: 0, on: false };
  let typing = 0;
  let mutations = 0;
  let listObserver = null;
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        const now = performance.now();
        const frame = JSON.parse(event.data);
        if (frame.type === 'message.create') arrivals.set(frame.data.content, now);
        else if (frame.type === 'typing') typing += 1;
      });
    }
  };
  const afterLayout = (callback) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = callback;
    channel.port2.postMessage(0);
  };
  const watchNodes = () => new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        const text = node.classList?.contains('message') ? node.querySelector('.content')?.textContent : null;
        if (text && arrivals.has(text) && !shown.has(text)) {
          afterLayout(() => {
            node.getBoundingClientRect();
            shown.set(text, performance.now());
          });
        }
      }
    }
  }).observe(document.getElementById('messages'), { childList: true });
  document.addEventListener('DOMContentLoaded', watchNodes);
  window.addEventListener('keydown', (event) => { keys.start = event.timeStamp; }, true);
  window.addEventListener('input', () => {
    if (!keys.on) return;
    const start = keys.start;
    keys.handled.push(performance.now() - start);
    requestAnimationFrame(() => afterLayout(() => keys.painted.push(performance.now() - start)));
  });
  window.thread = {
    modules: null,
    state: () => window.thread.modules?.state.state,
    app: () => window.thread.modules.context,
    /** Resolves with the time from the message's frame to its node on screen. */
    rendered: (text) => new Promise((resolve, reject) => {
      const until = performance.now() + 15_000;
      const check = () => {
        if (shown.has(text)) resolve(shown.get(text) - arrivals.get(text));
        else if (performance.now() > until) reject(new Error(`"${text}" was not shown (arrived: ${arrivals.has(text)})`));
        else setTimeout(check, 5);
      };
      check();
    }),
    typingFrames: () => typing,
    watchList() {
      mutations = 0;
      listObserver ??= new MutationObserver((records) => { mutations += records.length; });
      listObserver.observe(document.getElementById('messages'), { childList: true, subtree: true, attributes: true, characterData: true });
    },
    listMutations: () => mutations,
    measureKeys() {
      keys.handled = [];
      keys.painted = [];
      keys.on = true;
    },
    keyTimes: () => ({ handled: keys.handled, painted: keys.painted }),
    /** The first message row at least partly in view, and where its top is. */
    anchor() {
      const list = document.getElementById('messages');
      const top = list.getBoundingClientRect().top;
      const node = [...list.querySelectorAll(':scope > li.message')].find((n) => n.getBoundingClientRect().bottom > top);
      return { key: node.dataset.key, top: node.getBoundingClientRect().top - top };
    },
  };
}

export function median(values) {
  return percentile(values, 0.5);
}

export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}
