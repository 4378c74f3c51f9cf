// Wires the state, the connection and the views together: every user action and server frame ends here.
import { createApi } from './api.js';
import { createConnection } from './connection.js';
import { $ } from './dom.js';
import { addMessage, changed, conversation, directId, mergeSummary, positions, reset, state, subscribe } from './state.js';
import { renderBanner } from './views/banner.js';
import { renderConversationList, renderRoomDirectory } from './views/sidebar.js';
import { renderThread } from './views/thread.js';

const TOKEN_KEY = 'parley.token';
const ACK_TIMEOUT_MS = 15_000;
const TYPING_EVERY_MS = 3_000;
const TYPING_SHOWN_MS = 4_000;

let token = sessionStorage.getItem(TOKEN_KEY);
let connection = null;
let lastTypingSent = 0;
let loadingOlder = false;
const api = createApi(() => token, () => expire());

subscribe(() => {
  renderBanner();
  renderConversationList(openConversation);
  renderThread({ retry });
});

// ---- session -------------------------------------------------------------------------------

function showAuth(message = '') {
  $('chat').hidden = true;
  $('auth').hidden = false;
  $('auth-error').textContent = message;
  $('auth-username').focus();
}

async function start() {
  try {
    state.me = await api.me();
  } catch (e) {
    logout(e.status === 401 ? 'Your session expired. Please log in again.' : `Cannot reach the server: ${e.message}`);
    return;
  }
  $('auth').hidden = true;
  $('chat').hidden = false;
  $('me').textContent = `Signed in as ${state.me.username}`;
  await refreshConversations();
  connection = createConnection({
    token: () => token,
    positions,
    onFrame,
    onStatus: (status) => { state.status = status; changed('status'); },
    onExpired: () => expire(),
    checkSession: async () => {
      try {
        await api.me();
        return true;
      } catch (e) {
        return e.status !== 401;
      }
    },
  });
  connection.start();
}

function logout(message) {
  connection?.stop();
  connection = null;
  token = null;
  sessionStorage.removeItem(TOKEN_KEY);
  reset();
  changed();
  showAuth(message);
}

function expire() {
  if (token) logout('Your session expired. Please log in again.');
}

async function authenticate(register) {
  const username = $('auth-username').value.trim();
  const password = $('auth-password').value;
  $('auth-error').textContent = '';
  try {
    if (register) await api.register(username, password);
    const issued = await api.login(username, password);
    token = issued.accessToken;
    sessionStorage.setItem(TOKEN_KEY, token);
    $('auth-password').value = '';
    await start();
  } catch (e) {
    $('auth-error').textContent = e.code === 'invalid_credentials' ? 'Wrong username or password.'
      : e.code === 'username_taken' ? 'That username is already taken.' : e.message;
  }
}

// ---- server frames -------------------------------------------------------------------------

function onFrame(frame) {
  const data = frame.data;
  switch (frame.type) {
    case 'message.create': return onMessage(data);
    case 'message.ack': return onAck(data);
    case 'error': return onError(data);
    case 'receipt': return onReceipt(data);
    case 'typing': return onTyping(data);
    case 'resume.done': return onResumed(data);
    case 'room.joined': return onJoined(data);
    case 'room.left': return onLeft(data);
    default: return undefined;
  }
}

function onMessage(message) {
  const known = state.conversations.has(message.conversationId);
  if (!addMessage(message)) return;
  const c = conversation(message.conversationId);
  if (message.from !== state.me.userId) {
    c.typing.delete(message.from);
    if (c.id === state.activeId && document.visibilityState === 'visible') markRead(c);
    else c.unread += 1;
  }
  if (!known) refreshConversations();
  changed();
}

function onAck(ack) {
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

function onError(error) {
  const p = state.pending.get(error.ref);
  if (p) {
    clearTimeout(p.timer);
    p.status = 'failed';
    $('composer-error').textContent = error.message;
  } else if (error.ref === 'room.join' || error.ref === 'room.leave') {
    $('join-room-error').textContent = error.message;
  } else if (error.code !== 'rate_limited') {
    $('composer-error').textContent = error.message;
  }
  changed();
}

function onReceipt(receipt) {
  const c = conversation(receipt.conversationId);
  if (receipt.userId === state.me.userId) {
    c.readSeq = Math.max(c.readSeq ?? -1, receipt.seq);
    c.unread = c.messages.filter((m) => m.seq > c.readSeq && m.from !== state.me.userId).length;
  } else {
    c.receipts.set(receipt.userId, receipt);
    if (c.kind === 'dm') c.peerReadSeq = Math.max(c.peerReadSeq ?? -1, receipt.seq);
  }
  changed();
}

function onTyping(typing) {
  const c = conversation(typing.conversationId);
  c.typing.set(typing.userId, { username: typing.username, until: Date.now() + TYPING_SHOWN_MS });
  changed();
  setTimeout(() => changed(), TYPING_SHOWN_MS + 100);
}

async function onResumed() {
  for (const p of state.pending.values()) if (p.status === 'pending') dispatch(p); // same clientMsgId: never sent twice
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

// ---- actions -------------------------------------------------------------------------------

async function refreshConversations() {
  try {
    const page = await api.conversations();
    for (const summary of page.conversations) mergeSummary(summary);
    const active = state.conversations.get(state.activeId);
    if (active && document.visibilityState === 'visible' && active.unread > 0) markRead(active);
    changed();
  } catch {
    // shown by the connection state; the next refresh will catch up
  }
}

async function openConversation(id) {
  state.activeId = id;
  $('composer-error').textContent = '';
  const c = conversation(id);
  changed();
  if (!c.historyLoaded) await loadHistory(c, false);
  markRead(c);
  changed();
  $('composer-input').focus();
}

async function loadHistory(c, older) {
  try {
    const page = await api.messages(c.id, older ? c.olderBefore : null);
    for (const m of page.messages) addMessage(m);
    if (!older || page.messages.length) c.olderBefore = page.olderBefore;
    c.historyLoaded = true;
  } catch (e) {
    $('composer-error').textContent = e.message;
  }
  changed();
}

function markRead(c) {
  const newest = c.messages.length ? c.messages[c.messages.length - 1].seq : c.lastMessage?.seq;
  if (newest === undefined || newest === null || (c.readSeq !== null && newest <= c.readSeq)) {
    c.unread = 0;
    return;
  }
  if (connection?.send({ type: 'read', conversationId: c.id, seq: newest })) c.readSeq = newest;
  c.unread = 0;
}

function send() {
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

function dispatch(p) {
  const c = conversation(p.conversationId);
  const frame = { type: 'message.send', clientMsgId: p.clientMsgId, content: p.content, attachmentUrl: p.attachmentUrl };
  if (c.kind === 'dm') frame.to = c.peer.userId;
  else frame.conversationId = c.id;
  clearTimeout(p.timer);
  p.status = 'pending';
  if (connection?.send(frame)) {
    p.timer = setTimeout(() => {
      if (state.pending.get(p.clientMsgId)?.status === 'pending') {
        p.status = 'failed';
        changed();
      }
    }, ACK_TIMEOUT_MS);
  }
  // Offline: it stays pending and goes out again after the next resume.
}

function retry(clientMsgId) {
  const p = state.pending.get(clientMsgId);
  if (p) {
    dispatch(p);
    changed();
  }
}

async function startDirect(username) {
  $('new-dm-error').textContent = '';
  try {
    const user = await api.user(username);
    if (user.userId === state.me.userId) {
      $('new-dm-error').textContent = 'That is you.';
      return;
    }
    const c = conversation(directId(state.me.userId, user.userId));
    c.kind = 'dm';
    c.peer = { userId: user.userId, username: user.username };
    $('new-dm-input').value = '';
    await openConversation(c.id);
  } catch (e) {
    $('new-dm-error').textContent = e.code === 'unknown_user' ? `No user called “${username}”.` : e.message;
  }
}

// ---- DOM events ----------------------------------------------------------------------------

function bind() {
  $('auth-form').addEventListener('submit', (e) => { e.preventDefault(); authenticate(false); });
  $('signup-button').addEventListener('click', () => authenticate(true));
  $('logout-button').addEventListener('click', () => logout(''));
  $('new-dm-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const name = $('new-dm-input').value.trim();
    if (name) startDirect(name);
  });
  $('join-room-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const room = $('join-room-input').value.trim();
    $('join-room-error').textContent = '';
    if (room && !connection?.send({ type: 'room.join', room })) $('join-room-error').textContent = 'Not connected; try again in a moment.';
  });
  $('room-browser').addEventListener('toggle', async () => {
    if (!$('room-browser').open) return;
    try {
      const page = await api.rooms();
      renderRoomDirectory(page.rooms, (room) => connection?.send({ type: 'room.join', room }));
    } catch (e) {
      $('join-room-error').textContent = e.message;
    }
  });
  $('leave-button').addEventListener('click', () => {
    const c = state.conversations.get(state.activeId);
    if (c?.kind === 'room') connection?.send({ type: 'room.leave', room: c.room });
  });
  $('back-button').addEventListener('click', () => { state.activeId = null; changed(); });
  $('composer').addEventListener('submit', (e) => { e.preventDefault(); send(); });
  $('composer-input').addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      send();
    }
  });
  $('composer-input').addEventListener('input', () => {
    const now = Date.now();
    if (state.activeId && now - lastTypingSent > TYPING_EVERY_MS && connection?.send({ type: 'typing', conversationId: state.activeId })) {
      lastTypingSent = now;
    }
  });
  $('messages').addEventListener('scroll', async () => {
    const c = state.conversations.get(state.activeId);
    if (!c || loadingOlder || c.olderBefore === null || $('messages').scrollTop > 60) return;
    loadingOlder = true;
    await loadHistory(c, true);
    loadingOlder = false;
  });
  document.addEventListener('visibilitychange', () => {
    const c = state.conversations.get(state.activeId);
    if (c && document.visibilityState === 'visible') {
      markRead(c);
      changed();
    }
  });
}

bind();
if (token) start();
else showAuth();
