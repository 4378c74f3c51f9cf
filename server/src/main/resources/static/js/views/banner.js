// The connection banner: hidden while live, otherwise what the connection is doing, when it tries
// next (counting down) and how many messages wait for it. The phrase is announced (role=status);
// the countdown is not, it would be read out every second.
import { ctx } from '../context.js';
import { $, el } from '../dom.js';
import { state } from '../state.js';

const PHRASE = {
  connecting: 'Connecting…',
  reconnecting: 'Connection lost — reconnecting',
  offline: 'You are offline',
};

let parts = null;
let ticker = null;

function build() {
  const banner = $('banner');
  parts = {
    phrase: el('span', { class: 'banner-phrase' }),
    when: el('span', { class: 'banner-when', 'aria-hidden': 'true' }),
    unsent: el('span', { class: 'banner-unsent' }),
    retry: el('button', { type: 'button', class: 'banner-retry link', onclick: () => ctx.connection?.reconnectNow() }, 'Try now'),
  };
  banner.replaceChildren(parts.phrase, parts.when, parts.unsent, parts.retry);
}

function set(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

export function renderBanner() {
  const banner = $('banner');
  // No connection (signed out, or not started yet): nothing to tell.
  const status = ctx.connection ? state.status : 'online';
  const shown = status in PHRASE;
  banner.dataset.status = status;
  banner.hidden = !shown;
  if (!shown) {
    clearInterval(ticker);
    ticker = null;
    return;
  }
  if (!parts) build();
  const due = ctx.connection.info().nextAttemptAt;
  const seconds = due === null ? 0 : Math.ceil((due - Date.now()) / 1000);
  set(parts.phrase, PHRASE[status]);
  set(parts.when, seconds > 0 ? ` · next try in ${seconds} s` : status === 'connecting' ? '' : ' · trying now…');
  const unsent = [...state.pending.values()].filter((p) => p.status !== 'failed').length;
  set(parts.unsent, unsent ? ` · ${unsent} message${unsent === 1 ? '' : 's'} waiting to be sent` : '');
  parts.retry.hidden = seconds <= 0;
  if (seconds > 0 && ticker === null) ticker = setInterval(renderBanner, 1_000);
  if (seconds <= 0 && ticker !== null) {
    clearInterval(ticker);
    ticker = null;
  }
}
