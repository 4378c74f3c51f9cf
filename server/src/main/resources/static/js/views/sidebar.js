import { $, el, formatTime } from '../dom.js';
import { sortedConversations, state } from '../state.js';

/** "online", "last seen …" or null for a direct conversation's peer. */
export function presenceOf(c) {
  const p = c.kind === 'dm' && c.peer ? state.presence.get(c.peer.userId) : null;
  if (!p) return null;
  return { online: p.online, label: p.online ? 'online' : p.lastSeen ? `last seen ${formatTime(p.lastSeen)}` : 'offline' };
}

export function titleOf(c) {
  if (c.kind === 'room') return `# ${c.room}`;
  return c.peer?.username ?? 'Direct message';
}

function preview(c) {
  const m = c.lastMessage;
  if (!m) return 'No messages yet';
  const who = m.from === state.me?.userId ? 'You' : m.fromUsername;
  return `${who}: ${m.content || m.attachmentUrl || ''}`;
}

function presenceDot(c) {
  const p = presenceOf(c);
  return p ? el('span', { class: `presence-dot${p.online ? ' online' : ''}`, title: p.label, 'aria-label': p.label }) : null;
}

export function renderConversationList(open) {
  const list = $('conversation-list');
  list.replaceChildren(...sortedConversations().map((c) => el('li', {},
    el('button', {
      type: 'button',
      class: `conversation${c.id === state.activeId ? ' active' : ''}`,
      'aria-current': c.id === state.activeId ? 'true' : undefined,
      dataset: { id: c.id },
      onclick: () => open(c.id),
    },
    el('span', { class: 'conversation-title' }, presenceDot(c), titleOf(c)),
    c.unread > 0 ? el('span', { class: 'unread', 'aria-label': `${c.unread} unread` }, String(c.unread)) : null,
    el('span', { class: 'conversation-preview' }, preview(c)),
    c.lastMessage ? el('time', { class: 'conversation-time', datetime: c.lastMessage.sentAt }, formatTime(c.lastMessage.sentAt)) : null))));
}

export function renderRoomDirectory(rooms, join) {
  $('room-list').replaceChildren(...rooms.map((r) => el('li', {},
    el('span', {}, `# ${r.room}`),
    el('span', { class: 'muted' }, `${r.members} member${r.members === 1 ? '' : 's'}`),
    r.joined ? el('span', { class: 'muted' }, 'joined')
      : el('button', { type: 'button', class: 'secondary', onclick: () => join(r.room) }, 'Join'))));
}
