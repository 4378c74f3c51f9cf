// Which part of a long thread is in the DOM: the slice [lo, hi) of its items, remembered by the
// keys at its ends so that it stays on the same messages when items come in above or below.
// No DOM here: views/thread.js measures the list and renders the slice.

export const WINDOW = 150; // items in the DOM at most
const STEP = 40; // items added when the reader comes within a screen of an end of the slice
const FIRST = 60; // items rendered when a conversation opens or the reader jumps to the bottom

export function setSlice(view, items, lo, hi) {
  view.lo = lo;
  view.hi = hi;
  view.loKey = items[lo]?.key ?? null;
  view.hiKey = items[hi - 1]?.key ?? null;
  view.atStart = lo === 0;
  view.atEnd = hi >= items.length;
}

/** Where a conversation opens: at the "New messages" divider if there is one, else at the end. Returns the divider's index or -1. */
export function openSlice(view, items) {
  const n = items.length;
  const divider = items.findIndex((it) => it.unread);
  if (divider >= 0) setSlice(view, items, Math.max(0, divider - 10), Math.min(n, Math.max(divider, 10) + FIRST));
  else setSlice(view, items, Math.max(0, n - FIRST), n);
  view.pendingKeys = new Set(items.filter((it) => it.p).map((it) => it.key));
  return divider;
}

/**
 * The slice after the items changed. A reader at the bottom stays at the end (the oldest rows give
 * way); anyone else keeps the rows they had, and new ones wait below. A message this user just
 * sent takes them to the end.
 */
export function placeSlice(view, items) {
  const n = items.length;
  const fresh = items.some((it) => it.p && it.p.status === 'pending' && !view.pendingKeys.has(it.key));
  view.pendingKeys = new Set(items.filter((it) => it.p).map((it) => it.key));
  if (view.jump || fresh) {
    view.jump = false;
    view.stick = true;
    setSlice(view, items, Math.max(0, n - FIRST), n);
    return;
  }
  const index = new Map();
  for (let i = 0; i < n; i++) index.set(items[i].key, i);
  // A reader at the top of the history gets the older page above what they see, not instead of it.
  let lo = view.atStart ? 0 : indexOf(items, index, view.loKey) ?? 0;
  let hi = view.atEnd ? n : (indexOf(items, index, view.hiKey) ?? Math.min(n - 1, lo + FIRST - 1)) + 1;
  if (hi - lo > WINDOW) {
    if (view.stick) lo = hi - WINDOW;
    else hi = lo + WINDOW;
  }
  setSlice(view, items, lo, hi);
}

/** The index of a key, or of the message a sending item ("c<clientMsgId>") became once acknowledged. */
function indexOf(items, index, key) {
  if (index.has(key)) return index.get(key);
  if (!key?.startsWith('c')) return undefined;
  const i = items.findIndex((it) => it.m?.clientMsgId === key.slice(1));
  return i >= 0 ? i : undefined;
}

/**
 * Grows the slice towards an end the reader is within a screen of, trimming the other end.
 * Returns 'grown', 'older' (at the top of what is loaded: ask the server for more) or null.
 */
export function growSlice(view, items, { scrollTop, scrollHeight, clientHeight }) {
  let result = null;
  if (scrollTop < clientHeight && view.lo > 0 && !(view.stick && view.hi - view.lo >= WINDOW)) {
    const lo = Math.max(0, view.lo - STEP);
    setSlice(view, items, lo, Math.min(view.hi, lo + WINDOW));
    result = 'grown';
  } else if (view.lo === 0 && scrollTop < clientHeight) {
    result = 'older';
  }
  if (!view.atEnd && scrollHeight - scrollTop - clientHeight < clientHeight) {
    const hi = Math.min(items.length, view.hi + STEP);
    setSlice(view, items, Math.max(view.lo, hi - WINDOW), hi);
    result = 'grown';
  }
  return result;
}
