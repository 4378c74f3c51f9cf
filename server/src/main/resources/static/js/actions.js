// What the user does with conversations: open them, page back through them, mark them read.
import { api, ctx } from './context.js';
import { $ } from './dom.js';
import { addMessage, changed, conversation, directId, mergeSummary, state } from './state.js';

export async function refreshConversations() {
  try {
    const page = await api.conversations();
    for (const summary of page.conversations) mergeSummary(summary);
    const active = state.conversations.get(state.activeId);
    if (active && document.visibilityState === 'visible' && active.unread > 0) markRead(active);
    changed();
    await refreshPresence();
  } catch {
    // the connection banner says why; the next refresh catches up
  }
}

/** Online and last seen of the people this user has direct conversations with; later changes arrive as events. */
async function refreshPresence() {
  const peers = [...state.conversations.values()].filter((c) => c.kind === 'dm' && c.peer).map((c) => c.peer);
  await askPresence(peers);
}

/** Asks for the presence of these users (at most 100 at once); a new direct partner is asked about as soon as one appears. */
export async function askPresence(peers) {
  if (peers.length === 0) return;
  try {
    const answer = await api.presence(peers.slice(0, 100).map((p) => p.username));
    for (const p of answer.presence) state.presence.set(p.userId, { online: p.online, lastSeen: p.lastSeen });
    changed();
  } catch {
    // shown without presence until the next refresh
  }
}

export async function openConversation(id) {
  state.activeId = id;
  $('composer-error').textContent = '';
  const c = conversation(id);
  changed();
  if (!c.historyLoaded) await loadHistory(c, false);
  markRead(c);
  changed();
  $('composer-input').focus();
}

export async function loadHistory(c, older) {
  c.loading = true; // the thread shows it
  try {
    const page = await api.messages(c.id, older ? c.olderBefore : null);
    for (const m of page.messages) addMessage(m);
    if (!older || page.messages.length) c.olderBefore = page.olderBefore;
    c.historyLoaded = true;
  } catch (e) {
    $('composer-error').textContent = e.message;
  } finally {
    c.loading = false;
  }
  changed();
}

/** Tells the server (and so the other participants and this user's other devices) how far we have read. */
export function markRead(c) {
  const newest = c.messages.length ? c.messages[c.messages.length - 1].seq : c.lastMessage?.seq;
  c.unread = 0;
  if (newest === undefined || newest === null || (c.readSeq !== null && newest <= c.readSeq)) return;
  if (ctx.connection?.send({ type: 'read', conversationId: c.id, seq: newest })) c.readSeq = newest;
}

export async function startDirect(username) {
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
