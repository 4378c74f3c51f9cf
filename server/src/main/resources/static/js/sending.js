// Outgoing messages: shown at once as pending, confirmed by the ack, retried with the same
// clientMsgId (so the server never stores them twice), marked failed with a retry control.
import { ctx } from './context.js';
import { $ } from './dom.js';
import { addMessage, changed, conversation, state } from './state.js';

const ACK_TIMEOUT_MS = 15_000;

export function send() {
  const c = state.conversations.get(state.activeId);
  const input = $('composer-input');
  const content = input.value.trim();
  const attachmentUrl = $('attachment-input').value.trim() || null;
  if (!c || (!content && !attachmentUrl)) return;
  const p = { clientMsgId: crypto.randomUUID(), conversationId: c.id, content, attachmentUrl, status: 'pending' };
  state.pending.set(p.clientMsgId, p);
  input.value = '';
  $('attachment-input').value = '';
  $('composer-error').textContent = '';
  dispatch(p);
  changed();
}

/** Sends (again); while offline it stays pending and goes out after the next resume. */
export function dispatch(p) {
  const c = conversation(p.conversationId);
  const frame = { type: 'message.send', clientMsgId: p.clientMsgId, content: p.content, attachmentUrl: p.attachmentUrl };
  if (c.kind === 'dm') frame.to = c.peer.userId;
  else frame.conversationId = c.id;
  clearTimeout(p.timer);
  p.status = 'pending';
  if (ctx.connection?.send(frame)) {
    p.timer = setTimeout(() => {
      if (state.pending.get(p.clientMsgId)?.status === 'pending') {
        p.status = 'failed';
        changed();
      }
    }, ACK_TIMEOUT_MS);
  }
}

export function retry(clientMsgId) {
  const p = state.pending.get(clientMsgId);
  if (p) {
    dispatch(p);
    changed();
  }
}

export function resendPending() {
  for (const p of state.pending.values()) if (p.status === 'pending') dispatch(p);
}

export function acknowledged(ack) {
  const p = state.pending.get(ack.clientMsgId);
  if (!p) return;
  clearTimeout(p.timer);
  state.pending.delete(ack.clientMsgId);
  const c = conversation(ack.conversationId);
  addMessage({
    eventId: null, serverMsgId: ack.serverMsgId, clientMsgId: ack.clientMsgId, from: state.me.userId, fromUsername: state.me.username,
    to: c.kind === 'dm' ? c.peer?.userId : null, toUsername: c.kind === 'dm' ? c.peer?.username : null, room: c.room,
    conversationId: ack.conversationId, seq: ack.seq, content: p.content, attachmentUrl: p.attachmentUrl, sentAt: ack.sentAt,
  });
  c.readSeq = Math.max(c.readSeq ?? -1, ack.seq);
  changed();
}

/** An error frame about one of our messages; false if it was about something else. */
export function failed(error) {
  const p = state.pending.get(error.ref);
  if (!p) return false;
  clearTimeout(p.timer);
  if (error.code === 'shutting_down') {
    // Nothing was stored and the node closes this connection next: it goes out again after the reconnect's resume.
    p.status = 'pending';
    return true;
  }
  p.status = 'failed';
  $('composer-error').textContent = error.message;
  changed();
  return true;
}
