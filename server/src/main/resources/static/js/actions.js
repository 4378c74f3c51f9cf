// What the user does with conversations: open them, page back through them, mark them read.
import { api, ctx } from './context.js';
import { $ } from './dom.js';
import { findMessage } from './changes.js';
import { addMessage, changed, conversation, directId, mergeSummary, messageBySeq, state } from './state.js';
import { showMessage } from './views/thread.js';
import { toast } from './views/toast.js';

const FAR_PAGE = 200; // messages per page when looking for a message further back
const FAR_PAGES = 10; // pages looked through at most for the original of a reply

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

export async function loadHistory(c, older, limit = 50) {
  c.loading = true; // the thread shows it
  try {
    const page = await api.messages(c.id, older ? c.olderBefore : null, { limit });
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

/**
 * Loads the next messages of the range not loaded (c.gap: the thread was opened far back, at a
 * search hit): the reader scrolls down towards the rest of the conversation.
 */
export async function fillGap(c, limit = 100) {
  const gap = c.gap;
  if (!gap) return;
  try {
    const page = await api.messages(c.id, gap.before, { after: gap.after, limit });
    if (c.gap !== gap) return;
    for (const m of page.messages) addMessage(m);
    const last = page.messages.at(-1)?.seq;
    if (page.messages.length < limit || page.newerAfter === null || (gap.before !== null && last >= gap.before)) c.gap = null;
    else gap.after = last;
  } catch (e) {
    $('composer-error').textContent = e.message;
  }
  changed();
}

/**
 * Opens a conversation at one of its messages (a search hit), highlighted. A message older than
 * what is loaded is not reached by paging back through everything since: the page around it is
 * loaded, and what lies between is the conversation's gap, filled as the reader scrolls down.
 */
export async function openAt(id, seq) {
  const c = conversation(id);
  if (state.activeId !== id || !c.historyLoaded) await openConversation(id);
  const inGap = c.gap && seq > c.gap.after && (c.gap.before === null || seq < c.gap.before);
  if (!messageBySeq(c, seq) && (inGap || (c.messages.length && seq < c.messages[0].seq))) {
    try {
      const page = await api.messages(id, seq + 1, { limit: 25 });
      // One gap at most: an older window opened before gives way to this one.
      const rest = c.gap ? c.messages.filter((m) => m.seq > c.gap.after) : c.messages;
      c.messages = rest;
      c.gap = { after: seq, before: rest.length ? rest[0].seq : null };
      for (const m of page.messages) addMessage(m);
      c.olderBefore = page.olderBefore;
    } catch (e) {
      toast(`Could not open the message: ${e.message}`);
      return;
    }
  }
  if (!messageBySeq(c, seq)) {
    toast('That message is not there any more.');
    return;
  }
  changed();
  showMessage(id, seq);
}

/** Takes the reader to the message a reply quotes, loading older history (or the gap) until it is found. */
export async function openOriginal(c, serverMsgId) {
  for (let i = 0; i < FAR_PAGES && !findMessage(c, serverMsgId); i++) {
    if (c.gap) await fillGap(c, FAR_PAGE);
    else if (c.olderBefore !== null) await loadHistory(c, true, FAR_PAGE);
    else break;
  }
  const m = findMessage(c, serverMsgId);
  if (!m) toast('The original message is too far back to show.');
  else showMessage(c.id, m.seq);
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
