// A conversation as the thread shows it: one item per message (then one per message still being
// sent), each knowing whether it starts a group, a day or the unread part. Pure functions, no DOM.

/** Consecutive messages of one sender closer than this share one header. */
export const GROUP_MS = 5 * 60_000;
const AVATAR_COLOURS = 8;

const parsed = new WeakMap(); // message -> { time, day }

function timeOf(m) {
  let t = parsed.get(m);
  if (!t) {
    const date = new Date(m.sentAt);
    t = { time: date.getTime(), day: dayKey(date) };
    parsed.set(m, t);
  }
  return t;
}

export function dayKey(date) {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

/** "Today", "Yesterday", "Monday 3 March" (with the year when it is not this year's). */
export function dayLabel(key, now = new Date()) {
  const [y, m, d] = key.split('-').map(Number);
  const date = new Date(y, m - 1, d);
  if (key === dayKey(now)) return 'Today';
  const yesterday = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1);
  if (key === dayKey(yesterday)) return 'Yesterday';
  return date.toLocaleDateString([], { weekday: 'long', day: 'numeric', month: 'long', year: y === now.getFullYear() ? undefined : 'numeric' });
}

/**
 * Items in order: messages, then pending sends (oldest first). `unreadAfter`: the read position the
 * conversation was opened with (null: nothing was unread), the first later message of someone else
 * carries the "New messages" divider.
 */
export function buildItems(messages, pending, me, unreadAfter, now = Date.now()) {
  const items = new Array(messages.length + pending.length);
  let prev = null;
  let dividerPlaced = unreadAfter === null;
  let n = 0;
  const add = (item) => {
    item.day = prev === null || prev.dayKey !== item.dayKey ? item.dayKey : null;
    item.start = item.day !== null || item.unread || prev.from !== item.from || item.time - prev.time > GROUP_MS;
    items[n++] = item;
    prev = item;
  };
  for (const m of messages) {
    const { time, day } = timeOf(m);
    const mine = m.from === me;
    const unread = !dividerPlaced && !mine && m.seq > unreadAfter;
    if (unread) dividerPlaced = true;
    add({ key: `s${m.seq}`, m, p: null, from: m.from, mine, time, dayKey: day, unread });
  }
  const today = dayKey(new Date(now));
  for (const p of pending) add({ key: `c${p.clientMsgId}`, m: null, p, from: me, mine: true, time: now, dayKey: today, unread: false });
  return items;
}

/** Up to two letters for an avatar: "ann-lee" -> "AL", "bob" -> "BO". */
export function initials(name = '?') {
  const parts = name.split(/[._-]+/).filter(Boolean);
  const letters = parts.length > 1 ? parts[0][0] + parts[1][0] : (parts[0] ?? '?').slice(0, 2);
  return letters.toUpperCase();
}

/** A colour class for a user, the same everywhere and every time: a hash of the user id. */
export function avatarColour(userId = '') {
  let hash = 0x811c9dc5;
  for (let i = 0; i < userId.length; i++) hash = Math.imul(hash ^ userId.charCodeAt(i), 0x01000193);
  return `c${(hash >>> 0) % AVATAR_COLOURS}`;
}
