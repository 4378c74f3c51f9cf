// The client's model of the world, and the one place that changes it. Views subscribe to changes.
const listeners = new Set();

export const state = {
  me: null,
  status: 'offline',
  conversations: new Map(), // id -> conversation
  activeId: null,
  pending: new Map(), // clientMsgId -> { clientMsgId, conversationId, content, attachmentUrl, status, createdAt }
  presence: new Map(), // userId -> { online, lastSeen }
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
  if (c.messages.some((m) => m.seq === message.seq)) return false;
  const index = c.messages.findIndex((m) => m.seq > message.seq);
  if (index === -1) c.messages.push(message);
  else c.messages.splice(index, 0, message);
  if (!c.lastMessage || message.seq > c.lastMessage.seq) {
    c.lastMessage = message;
    if (message.sentAt > c.activityAt) c.activityAt = message.sentAt;
  }
  return true;
}

/** What to tell the server on resume: the newest seq this client has of each conversation. */
export function positions() {
  const result = {};
  for (const c of state.conversations.values()) {
    const newest = Math.max(c.lastMessage ? c.lastMessage.seq : -1, c.messages.length ? c.messages[c.messages.length - 1].seq : -1);
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
