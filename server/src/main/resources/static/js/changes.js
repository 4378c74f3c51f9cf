// Edits, deletes and reactions (docs/protocol.md, "Changing a message"): applying the server's
// message.update / message.delete / reaction.update to what the client shows, and sending this
// user's own changes until they are acked.
//
// Every change is a record of the conversation's log with a seq of its own: the conversation's
// resume position (c.lastSeq) moves past it, but it is no message (no row, nothing unread). A change
// older than one already applied to the message (resume replays, a retry's second event) is skipped.
//
// Outgoing changes carry a clientMsgId, so sending one again is applied once. They wait in
// state.changes (memory only) until the ack; they go out again after every resume.done and, while
// live, when no ack came within ACK_TIMEOUT_MS. A change refused for good is dropped with a notice.
import { ctx } from './context.js';
import { changed, state } from './state.js';
import { toast } from './views/toast.js';

const ACK_TIMEOUT_MS = 15_000;
const MAX_RETRY_DELAY_MS = 30_000;
const RETRYABLE = new Set(['rate_limited', 'overloaded', 'shutting_down', 'not_stored', 'database_unavailable', 'starting']);
/** What the notice calls a refused change. */
const VERB = { 'message.edit': 'edit', 'message.delete': 'delete', 'reaction.add': 'react', 'reaction.remove': 'remove the reaction' };
/** The reactions offered by the picker. */
export const EMOJI = ['👍', '❤️', '😂', '🎉', '😮', '😢', '🙏', '👀'];

/** The message (by serverMsgId) in a loaded conversation, or null. */
export function findMessage(c, serverMsgId) {
  for (let i = c.messages.length - 1; i >= 0; i--) if (c.messages[i].serverMsgId === serverMsgId) return c.messages[i];
  return null;
}

/**
 * Applies a change event to every copy of the message the client holds (the thread's and the
 * conversation list's preview). Returns nothing; the views redraw the rows whose rev moved.
 */
function apply(data, change) {
  const c = state.conversations.get(data.conversationId);
  if (!c) return; // not one of ours (yet): the list's refresh brings it, in its current state
  c.lastSeq = Math.max(c.lastSeq, data.seq);
  const copies = [findMessage(c, data.serverMsgId), c.lastMessage?.serverMsgId === data.serverMsgId ? c.lastMessage : null];
  for (const m of new Set(copies)) {
    if (!m || (m.changeSeq ?? -1) >= data.seq || (m.deletedAt && change !== deleted)) continue;
    change(m, data);
    m.changeSeq = data.seq;
    m.rev = (m.rev ?? 0) + 1;
  }
  // A reply quotes its original as it was when the reply was sent (docs/protocol.md): an edit leaves
  // the quote alone, a delete takes it away.
  for (const m of change === deleted ? c.messages : []) {
    if (m.replyTo?.serverMsgId !== data.serverMsgId || m.replyTo.quote == null) continue;
    m.replyTo = { ...m.replyTo, quote: null };
    m.rev = (m.rev ?? 0) + 1;
  }
  changed();
}

function edited(m, data) {
  m.content = data.content;
  m.editedAt = data.editedAt;
  m.localEdit = undefined;
}

function deleted(m, data) {
  Object.assign(m, { content: '', attachmentUrl: null, deletedAt: data.deletedAt, reactions: [], localEdit: undefined });
}

function reacted(m, data) {
  if (data.reactions) {
    m.reactions = data.reactions;
    return;
  }
  // The server could not read the full state: apply the one change.
  const list = (m.reactions ?? []).map((r) => ({ ...r, users: [...r.users] }));
  let r = list.find((x) => x.emoji === data.emoji);
  if (!r && data.added) list.push(r = { emoji: data.emoji, count: 0, users: [] });
  if (r) {
    const has = r.users.some((u) => u.id === data.userId);
    if (data.added && !has) r.users.push({ id: data.userId, username: data.username });
    if (!data.added && has) r.users = r.users.filter((u) => u.id !== data.userId);
    r.count = r.users.length;
  }
  m.reactions = list.filter((x) => x.count > 0);
}

export const onUpdate = (data) => apply(data, edited);
export const onDelete = (data) => apply(data, deleted);
export const onReaction = (data) => apply(data, reacted);

/** Did this user react with `emoji`? */
export function reactedWith(m, emoji) {
  return (m.reactions ?? []).some((r) => r.emoji === emoji && r.users.some((u) => u.id === state.me?.userId));
}

// Outgoing.

export function edit(c, m, content) {
  const text = content.trim();
  if (!text || text === m.content) return;
  m.localEdit = text; // shown at once, until the server's message.update (or a refusal)
  m.rev = (m.rev ?? 0) + 1;
  submit({ type: 'message.edit', serverMsgId: m.serverMsgId, content: text }, c, m);
}

export function remove(c, m) {
  submit({ type: 'message.delete', serverMsgId: m.serverMsgId }, c, m);
}

/** Adds this user's reaction, or takes it back if it is there. */
export function toggleReaction(c, m, emoji) {
  submit({ type: reactedWith(m, emoji) ? 'reaction.remove' : 'reaction.add', serverMsgId: m.serverMsgId, emoji }, c, m);
}

function submit(frame, c, m) {
  const change = { frame: { ...frame, clientMsgId: crypto.randomUUID() }, conversationId: c.id, message: m, retries: 0, timer: null };
  state.changes.set(change.frame.clientMsgId, change);
  dispatch(change);
  ctx.connection?.probe();
  changed();
}

/** Sends (again); while not connected it waits for the next resume. */
function dispatch(change) {
  clearTimeout(change.timer);
  if (ctx.connection?.send(change.frame)) change.timer = setTimeout(() => retryLater(change), ACK_TIMEOUT_MS);
}

function retryLater(change, delayMs) {
  clearTimeout(change.timer);
  const delay = delayMs ?? Math.min(MAX_RETRY_DELAY_MS, 1_000 * 2 ** change.retries);
  change.retries += 1;
  change.timer = setTimeout(() => {
    if (state.changes.get(change.frame.clientMsgId) === change && ctx.connection?.online()) dispatch(change);
  }, delay);
}

/** After a resume: every change not acked goes out again, same clientMsgId. */
export function resendChanges() {
  for (const change of state.changes.values()) dispatch(change);
}

/** A message.ack for one of our changes; false if it is about something else. */
export function changeAcked(ack) {
  const change = state.changes.get(ack.clientMsgId);
  if (!change) return false;
  clearTimeout(change.timer);
  state.changes.delete(ack.clientMsgId);
  return true;
}

/** An error about one of our changes; false if it is about something else. */
export function changeFailed(error) {
  const change = state.changes.get(error.ref);
  if (!change) return false;
  clearTimeout(change.timer);
  if (error.code === 'shutting_down') return true; // goes out again after the reconnect's resume
  if (RETRYABLE.has(error.code)) {
    retryLater(change, error.retryAfterMs);
    return true;
  }
  state.changes.delete(error.ref);
  if (change.message.localEdit !== undefined && change.frame.type === 'message.edit') {
    change.message.localEdit = undefined;
    change.message.rev = (change.message.rev ?? 0) + 1;
  }
  toast(`Could not ${VERB[change.frame.type] ?? 'change the message'}: ${error.message || error.code}`);
  changed();
  return true;
}
