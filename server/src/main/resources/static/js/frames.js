// What the server tells us, frame by frame (docs/protocol.md).
import { askPresence, markRead, openConversation, refreshConversations } from './actions.js';
import { changeAcked, changeFailed, onDelete, onReaction, onUpdate, resendChanges } from './changes.js';
import { $ } from './dom.js';
import { acknowledged, delivered, failed, resendPending } from './sending.js';
import { addMessage, changed, conversation, state } from './state.js';

const TYPING_SHOWN_MS = 4_000;

export function onFrame(frame) {
  const data = frame.data;
  switch (frame.type) {
    case 'message.create': return onMessage(data);
    case 'message.ack': return acknowledged(data) || changeAcked(data);
    case 'message.update': return onUpdate(data);
    case 'message.delete': return onDelete(data);
    case 'reaction.update': return onReaction(data);
    case 'error': return onError(data);
    case 'receipt': return onReceipt(data);
    case 'typing': return onTyping(data);
    case 'resume.done': return onResumed();
    case 'room.joined': return onJoined(data);
    case 'room.left': return onLeft(data);
    case 'presence': return onPresence(data);
    default: return undefined;
  }
}

function onMessage(message) {
  const known = state.conversations.has(message.conversationId);
  delivered(message); // one of our unacked messages came back (a resume): it is stored
  if (!addMessage(message)) return;
  const c = conversation(message.conversationId);
  if (message.from !== state.me.userId) {
    c.typing.delete(message.from);
    if (c.id === state.activeId && document.visibilityState === 'visible') markRead(c);
    else c.unread += 1;
  }
  if (!known) refreshConversations();
  if (c.kind === 'dm' && c.peer && !state.presence.has(c.peer.userId)) askPresence([c.peer]);
  changed();
}

function onError(error) {
  if (failed(error) || changeFailed(error)) return;
  if (error.ref === 'room.join' || error.ref === 'room.leave') $('join-room-error').textContent = error.message;
  else if (error.code !== 'rate_limited') $('composer-error').textContent = error.message;
}

function onReceipt(receipt) {
  const c = conversation(receipt.conversationId);
  if (receipt.userId === state.me.userId) { // read on another of our devices
    c.readSeq = Math.max(c.readSeq ?? -1, receipt.seq);
    c.unread = c.messages.filter((m) => m.seq > c.readSeq && m.from !== state.me.userId).length;
  } else {
    c.receipts.set(receipt.userId, receipt);
    if (c.kind === 'dm') c.peerReadSeq = Math.max(c.peerReadSeq ?? -1, receipt.seq);
  }
  changed();
}

function onTyping(typing) {
  conversation(typing.conversationId).typing.set(typing.userId, { username: typing.username, until: Date.now() + TYPING_SHOWN_MS });
  changed();
  setTimeout(() => changed(), TYPING_SHOWN_MS + 100);
}

async function onResumed() {
  resendPending();
  resendChanges();
  await refreshConversations();
  const active = state.conversations.get(state.activeId);
  if (active && document.visibilityState === 'visible') markRead(active);
}

function onJoined(joined) {
  $('join-room-input').value = '';
  $('join-room-error').textContent = '';
  const c = conversation(joined.conversationId);
  c.kind = 'room';
  c.room = joined.room;
  openConversation(c.id);
  refreshConversations();
}

function onLeft(left) {
  state.conversations.delete(left.conversationId);
  if (state.activeId === left.conversationId) state.activeId = null;
  changed();
}

function onPresence(presence) {
  state.presence.set(presence.userId, { online: presence.online, lastSeen: presence.lastSeen });
  changed();
}
