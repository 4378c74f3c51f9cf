// The open conversation. State changes are applied once per animation frame, and only to the rows
// that changed (keyed by seq, or clientMsgId while sending): a typing notice or a receipt never
// rebuilds a message. Long threads are windowed: only a slice of the items is in the DOM, grown
// as the reader nears one of its ends and trimmed at the other. The reader's place is kept: who is
// at the bottom stays there, anyone else does not move and gets a "↓ New messages" button.
import { $ } from '../dom.js';
import { state } from '../state.js';
import { buildItems } from '../timeline.js';
import { createRow, seenOf, updateRow } from './message.js';
import { announceNew, reconcile } from './rows.js';
import { presenceOf, titleOf } from './sidebar.js';
import { growSlice, openSlice, placeSlice, setSlice } from './slice.js';

const BOTTOM_SLACK = 48; // px from the end that still count as "at the bottom"
const UNREAD_PAGES = 5; // older pages fetched at most to open at the first unread message
const AROUND = 40; // items rendered on each side of a message the reader is taken to
const HIGHLIGHT_MS = 2_500;

const env = { actions: {}, loadOlder: null, fillGap: null, meName: '', seen: () => null };
let view = null;
let frameRequested = false;
let target = null; // { conversationId, seq }: the message to take the reader to in the next frame

/** Cheap and synchronous (the header, the composer, the typing line); the list follows in the next frame. */
export function renderThread({ retry, discard, loadOlder, fillGap }) {
  env.actions = { retry, discard };
  env.loadOlder = loadOlder;
  env.fillGap = fillGap;
  const c = state.activeId ? state.conversations.get(state.activeId) ?? null : null;
  document.body.classList.toggle('has-active', c !== null);
  $('composer').hidden = !c;
  $('leave-button').hidden = !c || c.kind !== 'room';
  setText($('thread-title'), c ? titleOf(c) : 'Pick a conversation');
  setText($('thread-presence'), c ? presenceOf(c)?.label ?? '' : '');
  if (c !== (view?.conversation ?? null)) open(c); // another conversation, or the same one left and joined again
  setText($('typing'), c ? typingLine(c) : '');
  if (!c) return;
  // Messages that arrive while the tab is hidden stay unread: they get the divider too.
  if (document.visibilityState === 'hidden' && view.positioned && view.unreadAfter === null && c.unread > 0) {
    view.unreadAfter = c.readSeq ?? -1;
    view.revealDivider = true;
  }
  requestFrame();
}

function open(c) {
  const list = $('messages');
  list.replaceChildren();
  $('new-messages').hidden = true;
  $('thread-announcer').textContent = '';
  if (!c) {
    view = null;
    return;
  }
  const newest = newestSeq(c);
  const unread = c.unread > 0 && newest !== null && newest > (c.readSeq ?? -1);
  view = {
    id: c.id, conversation: c, positioned: false, unreadAfter: unread ? c.readSeq ?? -1 : null, pages: 0, loadingOlder: false, olderPausedUntil: 0,
    loKey: null, hiKey: null, atStart: false, atEnd: true, stick: true, jump: false, seenNewest: -1, announced: -1, pendingKeys: new Set(),
  };
}

function requestFrame() {
  if (frameRequested) return;
  frameRequested = true;
  requestAnimationFrame(frame);
}

function frame() {
  frameRequested = false;
  const c = state.activeId ? state.conversations.get(state.activeId) : null;
  if (!c || !view || view.conversation !== c || !state.me) return;
  const list = $('messages');
  env.meName = state.me.username.toLowerCase();
  const pending = [...state.pending.values()].filter((p) => p.conversationId === c.id);
  const items = buildItems(c.messages, pending, state.me.userId, view.unreadAfter);
  env.seen = seenOf(c, state.me.userId);
  const aiming = target?.conversationId === c.id;
  if (!view.positioned) {
    const findingUnread = !aiming && c.historyLoaded && needsOlderForUnread(c, items);
    if (!c.historyLoaded || findingUnread) {
      if (findingUnread) fetchOlder(c);
      const failed = !c.historyLoaded && c.loading === false; // the reason is shown under the composer
      const text = failed ? 'The messages could not be loaded.' : 'Loading messages…';
      reconcile(list, [{ key: 'edge', kind: 'edge', loading: !failed, text }], createRow, updateRow, env, null);
      return;
    }
    position(c, items, list);
  } else {
    placeSlice(view, items);
    render(c, items, list);
  }
  if (aiming) takeTo(c, items, list);
  else if (target && !state.conversations.has(target.conversationId)) target = null;
  if (view.revealDivider && document.visibilityState === 'visible') revealDivider(list);
  const gapRow = list.querySelector('[data-key="g"]');
  if (gapRow && !view.fillingGap && gapRow.offsetTop < list.scrollTop + 2 * list.clientHeight && gapRow.offsetTop + gapRow.offsetHeight > list.scrollTop - list.clientHeight) fetchGap(c);
  const grown = growSlice(view, items, list);
  if (grown === 'grown') requestFrame();
  else if (grown === 'older' && c.olderBefore !== null && Date.now() >= view.olderPausedUntil) fetchOlder(c);
  const newest = newestSeq(c);
  if (view.stick) view.seenNewest = newest ?? -1;
  $('new-messages').hidden = view.stick || (newest ?? -1) <= view.seenNewest;
  view.announced = announceNew(c, view.announced, state.me.userId, $('thread-announcer'));
}

/** Back in a tab that was hidden while messages came: from the bottom, up to the first of them. */
function revealDivider(list) {
  view.revealDivider = false;
  const mark = list.querySelector('[data-key="u"]');
  if (!view.stick || !mark || mark.offsetTop >= list.scrollTop) return;
  list.scrollTop = mark.offsetTop - 8;
  view.stick = view.atEnd && atBottom(list);
}

function position(c, items, list) {
  const divider = openSlice(view, items);
  render(c, items, list, true);
  const mark = divider >= 0 ? list.querySelector('[data-key="u"]') : null;
  list.scrollTop = mark ? mark.offsetTop - 8 : list.scrollHeight;
  view.stick = view.atEnd && atBottom(list);
  view.positioned = true;
  view.announced = newestSeq(c) ?? -1;
  view.seenNewest = view.announced;
}

/** Takes the reader to the target message (a search hit, the original of a reply) and highlights it. */
function takeTo(c, items, list) {
  const seq = target.seq;
  target = null;
  const index = items.findIndex((it) => it.m?.seq === seq);
  if (index < 0) return;
  setSlice(view, items, Math.max(0, index - AROUND), Math.min(items.length, index + AROUND));
  render(c, items, list, true);
  const node = list.querySelector(`[data-key="s${seq}"]`);
  list.scrollTop = node.offsetTop - (list.clientHeight - node.offsetHeight) / 2;
  view.stick = view.atEnd && atBottom(list);
  node.classList.remove('highlight');
  void node.offsetWidth; // restarts the animation when the same message is shown again
  node.classList.add('highlight');
  setTimeout(() => node.classList.remove('highlight'), HIGHLIGHT_MS);
  node.tabIndex = -1;
  node.focus({ preventScroll: true });
}

/** Shows the message with this seq (it must be loaded: actions.js loads it), highlighted, in the next frame. */
export function showMessage(conversationId, seq) {
  target = { conversationId, seq };
  requestFrame();
}

function fetchGap(c) {
  if (!env.fillGap || Date.now() < (view.gapPausedUntil ?? 0)) return;
  const v = view;
  const before = c.gap?.after;
  v.fillingGap = true;
  Promise.resolve(env.fillGap(c)).finally(() => {
    v.fillingGap = false;
    if (c.gap && c.gap.after === before) v.gapPausedUntil = Date.now() + 5_000; // no progress: not in a loop
    requestFrame();
  });
}

/** Where the range of messages not loaded (c.gap) sits among the items: the index of the first item after it, or -1. */
function gapIndex(c, items) {
  if (!c.gap) return -1;
  const index = items.findIndex((it) => it.m && it.m.seq > c.gap.after);
  if (index > 0) return index;
  return index < 0 && c.gap.before === null && items.length ? items.filter((it) => it.m).length : -1;
}

function render(c, items, list, fresh = false) {
  const rows = [];
  const gap = gapIndex(c, items);
  if (view.lo === 0) rows.push(edgeRow(c, items));
  for (let i = view.lo; i < view.hi; i++) {
    const item = items[i];
    if (i === gap) rows.push(gapRow());
    if (item.day) rows.push({ key: `d${item.key}`, kind: 'day', item });
    if (item.unread) rows.push({ key: 'u', kind: 'unread', item });
    rows.push({ key: item.key, kind: 'msg', item });
  }
  if (gap === view.hi) rows.push(gapRow());
  reconcile(list, rows, createRow, updateRow, env, fresh ? null : view.stick ? 'bottom' : 'anchor');
}

function gapRow() {
  return { key: 'g', kind: 'edge', loading: true, text: 'Loading newer messages…' };
}

function edgeRow(c, items) {
  const loading = view.loadingOlder || c.loading === true;
  const text = loading ? 'Loading older messages…' : c.olderBefore !== null ? 'Scroll up for older messages'
    : items.length ? 'This is the start of the conversation.' : 'No messages yet.';
  return { key: 'edge', kind: 'edge', loading, text };
}

function fetchOlder(c) {
  if (view.loadingOlder || !env.loadOlder) return;
  const v = view;
  const before = c.olderBefore;
  v.loadingOlder = true;
  requestFrame(); // shows "Loading older messages…"
  Promise.resolve(env.loadOlder(c)).finally(() => {
    v.loadingOlder = false;
    v.pages += 1;
    // No progress (an error, shown under the composer): wait for the reader before trying again.
    if (c.olderBefore === before) v.olderPausedUntil = Date.now() + 5_000;
    requestFrame();
  });
}

function needsOlderForUnread(c, items) {
  if (view.unreadAfter === null || c.olderBefore === null || view.pages >= UNREAD_PAGES) return false;
  return items.length === 0 || !items[0].m || items[0].m.seq > view.unreadAfter;
}

function typingLine(c) {
  const now = Date.now();
  const typists = [...c.typing.values()].filter((t) => t.until > now).map((t) => t.username);
  return typists.length ? `${typists.join(', ')} ${typists.length === 1 ? 'is' : 'are'} typing…` : '';
}

function newestSeq(c) {
  const last = c.messages.length ? c.messages[c.messages.length - 1].seq : null;
  return c.lastMessage && (last === null || c.lastMessage.seq > last) ? c.lastMessage.seq : last;
}

function atBottom(list) {
  return list.scrollHeight - list.scrollTop - list.clientHeight < BOTTOM_SLACK;
}

function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

/** Wires the list's scrolling, resizing and the "↓ New messages" button; called once. */
export function initThread() {
  const list = $('messages');
  list.addEventListener('scroll', () => {
    if (!view?.positioned) return;
    view.stick = view.atEnd && atBottom(list);
    requestFrame();
  }, { passive: true });
  // A taller composer, a rotated phone: whoever was at the bottom stays there.
  new ResizeObserver(() => { if (view?.stick) list.scrollTop = list.scrollHeight; }).observe(list);
  $('new-messages').addEventListener('click', () => {
    if (!view) return;
    view.jump = true;
    if (document.activeElement === $('new-messages')) list.focus();
    requestFrame();
  });
}
