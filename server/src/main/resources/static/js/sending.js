// Outgoing messages: shown at once as pending, confirmed by the ack, sent again with the same
// clientMsgId (so the server never stores them twice) until they are acked or the server refuses
// them for good.
//
// A message is in state.pending with a status:
//   pending  sent and waiting for the ack, or waiting for the connection; sent (again) after every resume
//   stalled  sent on a connection that looks alive but no ack came within ACK_TIMEOUT_MS: tried again
//            (after a check of the connection), and after every resume; Retry sends it now
//   failed   refused for good (an error code that is not retryable): shown with the reason and
//            Discard; never sent again
// Unsent messages are kept in localStorage (parley.unsent.<userId>) until acked or discarded, so a
// reload (or a crash) loses none: start() restores them and they go out after the first resume.
import { ctx } from './context.js';
import { $ } from './dom.js';
import { addMessage, changed, conversation, state } from './state.js';

const ACK_TIMEOUT_MS = 15_000;
/** Errors after which the same send may succeed later (docs/protocol.md, "Error codes"). */
const RETRYABLE = new Set(['rate_limited', 'overloaded', 'shutting_down', 'not_stored', 'database_unavailable', 'starting']);
const MAX_RETRY_DELAY_MS = 30_000;

export function send() {
  const c = state.conversations.get(state.activeId);
  const input = $('composer-input');
  const content = input.value.trim();
  const attachmentUrl = $('attachment-input').value.trim() || null;
  if (!c || (!content && !attachmentUrl)) return;
  const reply = state.replyTo?.conversationId === c.id ? state.replyTo : null;
  const p = {
    clientMsgId: crypto.randomUUID(), conversationId: c.id, content, attachmentUrl, status: 'pending',
    createdAt: new Date().toISOString(), peer: c.kind === 'dm' ? c.peer : null, reason: null, retries: 0,
    replyTo: reply ? { serverMsgId: reply.serverMsgId, fromUsername: reply.fromUsername, quote: reply.quote } : null,
  };
  state.replyTo = null;
  state.pending.set(p.clientMsgId, p);
  store(p);
  input.value = '';
  $('attachment-input').value = '';
  $('composer-error').textContent = '';
  dispatch(p);
  ctx.connection?.probe(); // a message going into a dead connection is noticed within seconds
  changed();
}

/** Sends (again); while not connected it stays pending and goes out after the next resume. */
function dispatch(p) {
  const c = conversation(p.conversationId);
  const frame = { type: 'message.send', clientMsgId: p.clientMsgId, content: p.content, attachmentUrl: p.attachmentUrl };
  if (p.replyTo) frame.replyTo = p.replyTo.serverMsgId;
  if (c.kind === 'dm') frame.to = (c.peer ?? p.peer)?.userId ?? peerOf(c.id);
  else frame.conversationId = c.id;
  clearTimeout(p.timer);
  p.status = 'pending';
  if (ctx.connection?.send(frame)) p.timer = setTimeout(() => noAck(p), ACK_TIMEOUT_MS);
}

/** The other participant of a direct conversation, from its id (dm:<id>:<id>; both are us in notes to self). */
function peerOf(id) {
  const [, a, b] = id.split(':');
  return a === state.me.userId ? b : a;
}

function noAck(p) {
  if (state.pending.get(p.clientMsgId) !== p || p.status !== 'pending') return;
  // Not connected any more: it goes out again after the resume, nothing to show but "waiting".
  if (!ctx.connection?.online()) return;
  p.status = 'stalled';
  ctx.connection.probe(); // a dead connection is found and replaced; the resume then sends it again
  later(p);
  changed();
}

/** Tries again after `delayMs` (default: a back-off per message), if it is still waiting then. */
function later(p, delayMs) {
  clearTimeout(p.timer);
  const delay = delayMs ?? Math.min(MAX_RETRY_DELAY_MS, 1_000 * 2 ** p.retries);
  p.retries += 1;
  p.timer = setTimeout(() => {
    if (state.pending.get(p.clientMsgId) !== p || p.status === 'failed') return;
    if (ctx.connection?.online()) dispatch(p);
    changed();
  }, delay);
}

export function retry(clientMsgId) {
  const p = state.pending.get(clientMsgId);
  if (p && p.status !== 'failed') {
    dispatch(p);
    changed();
  }
}

/** Gives up a message: it is not sent (again), and forgotten here and in storage. */
export function discard(clientMsgId) {
  const p = state.pending.get(clientMsgId);
  if (!p) return;
  clearTimeout(p.timer);
  state.pending.delete(clientMsgId);
  unstore(clientMsgId);
  changed();
}

/** After a resume: everything not refused for good goes out again, in the order it was written. */
export function resendPending() {
  for (const p of state.pending.values()) if (p.status !== 'failed') dispatch(p);
  changed();
}

/** The ack of one of our messages; false if it is about something else (a change: changes.js). */
export function acknowledged(ack) {
  const p = state.pending.get(ack.clientMsgId);
  if (!p) return false;
  settle(p);
  const c = conversation(ack.conversationId);
  // A retry may be answered after the resume already brought the message back: show it once.
  if (!c.messages.some((m) => m.clientMsgId === ack.clientMsgId && m.from === state.me.userId)) {
    addMessage({
      eventId: null, serverMsgId: ack.serverMsgId, clientMsgId: ack.clientMsgId, from: state.me.userId, fromUsername: state.me.username,
      to: c.kind === 'dm' ? c.peer?.userId : null, toUsername: c.kind === 'dm' ? c.peer?.username : null, room: c.room,
      conversationId: ack.conversationId, seq: ack.seq, content: p.content, attachmentUrl: p.attachmentUrl, sentAt: ack.sentAt,
      replyTo: p.replyTo ?? null, editedAt: null, deletedAt: null, reactions: [],
    });
  }
  c.readSeq = Math.max(c.readSeq ?? -1, ack.seq);
  changed();
  return true;
}

/** A message.create of one of our pending messages (a resume, or another tab sent it): it is stored. */
export function delivered(message) {
  const p = state.pending.get(message.clientMsgId);
  if (p && message.from === state.me?.userId && message.conversationId === p.conversationId) settle(p);
}

function settle(p) {
  clearTimeout(p.timer);
  state.pending.delete(p.clientMsgId);
  unstore(p.clientMsgId);
}

/** An error frame about one of our messages; false if it was about something else. */
export function failed(error) {
  const p = state.pending.get(error.ref);
  if (!p) return false;
  clearTimeout(p.timer);
  if (error.code === 'shutting_down') {
    // Nothing was stored and the node closes this connection next: it goes out again after the reconnect's resume.
    p.status = 'pending';
  } else if (RETRYABLE.has(error.code)) {
    p.status = 'pending';
    later(p, error.retryAfterMs);
  } else {
    p.status = 'failed';
    p.reason = error.message || error.code;
    store(p);
    if (p.conversationId === state.activeId) $('composer-error').textContent = `Not sent: ${p.reason}`;
  }
  changed();
  return true;
}

// Storage: one object per user, clientMsgId -> message, changed entry by entry so that tabs of the
// same user do not overwrite each other's.
const key = () => `parley.unsent.${state.me.userId}`;

function stored() {
  try {
    return JSON.parse(localStorage.getItem(key()) ?? '{}') ?? {};
  } catch {
    return {};
  }
}

function write(all) {
  try {
    if (Object.keys(all).length) localStorage.setItem(key(), JSON.stringify(all));
    else localStorage.removeItem(key());
  } catch {
    // storage full or blocked: the message is still sent from memory
  }
}

function store(p) {
  if (!state.me) return;
  const all = stored();
  const { clientMsgId, conversationId, content, attachmentUrl, createdAt, peer, status, reason, replyTo } = p;
  all[clientMsgId] = { clientMsgId, conversationId, content, attachmentUrl, createdAt, peer, failed: status === 'failed', reason, replyTo };
  write(all);
}

function unstore(clientMsgId) {
  if (!state.me) return;
  const all = stored();
  if (!(clientMsgId in all)) return;
  delete all[clientMsgId];
  write(all);
}

/** At start, before connecting: the messages a previous page of this user left unsent, pending again. */
export function restoreUnsent() {
  const saved = Object.values(stored()).sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
  for (const s of saved) {
    if (state.pending.has(s.clientMsgId) || typeof s.conversationId !== 'string') continue;
    const c = conversation(s.conversationId);
    if (c.kind === 'dm' && !c.peer && s.peer) c.peer = s.peer;
    state.pending.set(s.clientMsgId, {
      clientMsgId: s.clientMsgId, conversationId: s.conversationId, content: s.content, attachmentUrl: s.attachmentUrl,
      createdAt: s.createdAt, peer: s.peer ?? null, status: s.failed ? 'failed' : 'pending', reason: s.reason ?? null, retries: 0,
      replyTo: s.replyTo ?? null,
    });
  }
  if (saved.length) changed();
}

/** On an explicit log-out: what is unsent is not left behind on this device. */
export function forgetUnsent() {
  if (!state.me) return;
  try {
    localStorage.removeItem(key());
  } catch {
    // nothing to remove
  }
}
