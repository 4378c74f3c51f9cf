// The client's model of the world, and the one place that changes it. Views subscribe to changes.
const listeners = new Set();

export const state = {
  me: null,
  status: 'offline',
  conversations: new Map(), // id -> conversation
  activeId: null,
  pending: new Map(), // clientMsgId -> { clientMsgId, conversationId, content, attachmentUrl, status, createdAt }
  presence: new Map(), // userId -> { online, lastSeen }
  changes: new Map(), // clientMsgId -> an edit, delete or reaction not acked yet (changes.js)
  replyTo: null, // { conversationId, serverMsgId, fromUsername, quote } while the composer answers a message
  editing: null, // { conversationId, seq } of the message whose inline editor is open
};

export function subscribe(listener) {
  listeners.add(listener);
}

export function changed(what = 'all') {
  for (const listener of listeners) listener(what);
}

export function reset() {
  state.me = null;
  state.status = 'offline';
  state.conversations.clear();
  state.activeId = null;
  state.pending.clear();
  state.presence.clear();
  state.changes.clear();
  state.replyTo = null;
  state.editing = null;
}

export function directId(a, b) {
  return a < b ? `dm:${a}:${b}` : `dm:${b}:${a}`;
}

export function conversation(id) {
  let c = state.conversations.get(id);
  if (!c) {
    c = {
      id, kind: id.startsWith('room:') ? 'room' : 'dm', peer: null, room: id.startsWith('room:') ? id.slice(5) : null,
      lastMessage: null, readSeq: null, peerReadSeq: null, unread: 0, activityAt: new Date(0).toISOString(),
      messages: [], olderBefore: null, historyLoaded: false, typing: new Map(), receipts: new Map(),
      // The newest seq of any event received (changes have seqs of their own), for resume; and the
      // one range of seqs not loaded when the thread was opened far back (at a search hit): {after, before}.
      lastSeq: -1, gap: null,
    };
    state.conversations.set(id, c);
  }
  return c;
}

/** From the REST conversation list: keeps what this client already knows (messages, newer positions). */
export function mergeSummary(summary) {
  const c = conversation(summary.conversationId);
  c.kind = summary.kind;
  c.peer = summary.peer ?? c.peer;
  c.room = summary.room ?? c.room;
  if (summary.lastMessage && (!c.lastMessage || summary.lastMessage.seq >= c.lastMessage.seq)) c.lastMessage = summary.lastMessage;
  c.readSeq = max(c.readSeq, summary.readSeq);
  c.peerReadSeq = max(c.peerReadSeq, summary.peerReadSeq);
  // The list reads the archive, which may lag: it must not hide unread messages this client already has.
  const knownUnread = c.messages.filter((m) => m.seq > (c.readSeq ?? -1) && m.from !== state.me?.userId).length;
  c.unread = Math.max(summary.unread, knownUnread);
  if (summary.activityAt > c.activityAt) c.activityAt = summary.activityAt;
}

/** Adds a message (live, resumed, from history or from our own ack); returns false if it was already there. */
export function addMessage(message) {
  const c = conversation(message.conversationId);
  if (c.kind === 'dm' && !c.peer && state.me) {
    const mine = message.from === state.me.userId;
    c.peer = mine ? { userId: message.to, username: message.toUsername } : { userId: message.from, username: message.fromUsername };
  }
  c.lastSeq = Math.max(c.lastSeq, message.seq);
  const known = c.messages.find((m) => m.seq === message.seq);
  if (known) {
    refreshFrom(known, message);
    return false;
  }
  if (c.gap && c.gap.before === null && message.seq > c.gap.after) c.gap.before = message.seq; // the gap now ends here
  const index = c.messages.findIndex((m) => m.seq > message.seq);
  if (index === -1) c.messages.push(message);
  else c.messages.splice(index, 0, message);
  if (!c.lastMessage || message.seq > c.lastMessage.seq) {
    c.lastMessage = message;
    if (message.sentAt > c.activityAt) c.activityAt = message.sentAt;
  }
  return true;
}

/**
 * A message this client has, met again (a history page, a resume): history gives the current state,
 * so an edit or delete it shows is taken, unless a live event told us something newer already.
 */
function refreshFrom(known, fresh) {
  if (known.deletedAt) return;
  if (fresh.deletedAt || (fresh.editedAt && (!known.editedAt || fresh.editedAt > known.editedAt))) {
    Object.assign(known, { content: fresh.content, attachmentUrl: fresh.attachmentUrl, editedAt: fresh.editedAt, deletedAt: fresh.deletedAt ?? null });
    if (fresh.deletedAt) known.reactions = [];
    known.rev = (known.rev ?? 0) + 1;
  }
  if (fresh.reactions && known.changeSeq === undefined && JSON.stringify(fresh.reactions) !== JSON.stringify(known.reactions ?? [])) {
    known.reactions = fresh.reactions;
    known.rev = (known.rev ?? 0) + 1;
  }
}

/** The loaded message with this seq, or null (messages are in seq order). */
export function messageBySeq(c, seq) {
  let low = 0;
  let high = c.messages.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const at = c.messages[mid].seq;
    if (at === seq) return c.messages[mid];
    if (at < seq) low = mid + 1;
    else high = mid - 1;
  }
  return null;
}

/** What to tell the server on resume: the newest seq of anything this client received, per conversation. */
export function positions() {
  const result = {};
  for (const c of state.conversations.values()) {
    const newest = Math.max(c.lastSeq, c.lastMessage ? c.lastMessage.seq : -1, c.messages.length ? c.messages[c.messages.length - 1].seq : -1);
    if (newest >= 0) result[c.id] = newest;
  }
  return result;
}

export function sortedConversations() {
  return [...state.conversations.values()].sort((a, b) => (a.activityAt < b.activityAt ? 1 : a.activityAt > b.activityAt ? -1 : 0));
}

function max(a, b) {
  if (a === null || a === undefined) return b ?? null;
  if (b === null || b === undefined) return a;
  return Math.max(a, b);
}
