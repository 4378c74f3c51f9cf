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
  return `${who}: ${m.deletedAt ? 'message deleted' : m.content || m.attachmentUrl || ''}`;
}

function presenceDot(c) {
  const p = presenceOf(c);
  return p ? el('span', { class: `presence-dot${p.online ? ' online' : ''}`, title: p.label, role: 'img', 'aria-label': p.label }) : null;
}

/** The children of one conversation's button; rebuilt only when what they show changed. */
function content(c) {
  const p = presenceOf(c);
  const key = [titleOf(c), p?.label, c.unread, preview(c), c.lastMessage?.sentAt].join('\u0000');
  return { key, build: () => [
    el('span', { class: 'conversation-title' }, presenceDot(c), titleOf(c)),
    c.unread > 0 ? el('span', { class: 'unread', 'aria-label': `${c.unread} unread` }, String(c.unread)) : null,
    el('span', { class: 'conversation-preview' }, preview(c)),
    p && !p.online && p.label !== 'offline' ? el('span', { class: 'conversation-seen' }, p.label) : null,
    c.lastMessage ? el('time', { class: 'conversation-time', datetime: c.lastMessage.sentAt }, formatTime(c.lastMessage.sentAt)) : null,
  ].filter(Boolean) };
}

const items = new Map(); // conversation id -> <li>, reused across renders so focus and hover stay put

/**
 * The conversation list, updated in place: items are kept per conversation and only those whose
 * content changed are refilled, so a keyboard user's focus survives typing notices and new messages.
 */
export function renderConversationList(open) {
  const list = $('conversation-list');
  const focused = document.activeElement;
  const wanted = sortedConversations();
  const ids = new Set(wanted.map((c) => c.id));
  for (const [id, li] of items) {
    if (!ids.has(id)) {
      li.remove();
      items.delete(id);
    }
  }
  wanted.forEach((c, index) => {
    let li = items.get(c.id);
    if (!li) {
      li = el('li', {}, el('button', { type: 'button', class: 'conversation', dataset: { id: c.id }, onclick: () => open(c.id) }));
      items.set(c.id, li);
    }
    const button = li.firstChild;
    const active = c.id === state.activeId;
    button.classList.toggle('active', active);
    if (active) button.setAttribute('aria-current', 'true');
    else button.removeAttribute('aria-current');
    const next = content(c);
    if (button.dataset.key !== next.key) {
      button.replaceChildren(...next.build());
      button.dataset.key = next.key;
    }
    if (list.children[index] !== li) list.insertBefore(li, list.children[index] ?? null);
  });
  if (focused && focused !== document.activeElement && list.contains(focused)) focused.focus({ preventScroll: true });
}

/** Arrow keys, Home and End move between the conversations; Enter or Space opens one (it is a button). */
export function navigableList(list) {
  list.addEventListener('keydown', (e) => {
    const buttons = [...list.querySelectorAll('button.conversation')];
    const at = buttons.indexOf(document.activeElement);
    if (at === -1) return;
    const to = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: buttons.length - 1 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    buttons[Math.max(0, Math.min(buttons.length - 1, to))].focus();
  });
}

export function renderRoomDirectory(rooms, join) {
  $('room-list').replaceChildren(...rooms.map((r) => el('li', {},
    el('span', {}, `# ${r.room}`),
    el('span', { class: 'muted' }, `${r.members} member${r.members === 1 ? '' : 's'}`),
    r.joined ? el('span', { class: 'muted' }, 'joined')
      : el('button', { type: 'button', class: 'secondary', onclick: () => join(r.room) }, 'Join'))));
}
