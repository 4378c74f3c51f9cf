import { $, el, formatTime } from '../dom.js';
import { state } from '../state.js';
import { pendingItem } from './pending.js';
import { presenceOf, titleOf } from './sidebar.js';

function attachment(url) {
  // Only http(s) links become links; the server checks this too.
  return /^https?:\/\//i.test(url) ? el('a', { href: url, target: '_blank', rel: 'noopener noreferrer nofollow', class: 'attachment' }, url) : null;
}

function seenLabel(c, message) {
  if (message.from !== state.me.userId) return null;
  if (c.kind === 'dm') return c.peerReadSeq !== null && c.peerReadSeq >= message.seq ? 'Seen' : null;
  const readers = [...c.receipts.values()].filter((r) => r.seq >= message.seq && r.userId !== state.me.userId);
  return readers.length ? `Seen by ${readers.map((r) => r.username).join(', ')}` : null;
}

function messageItem(c, m, isLastOwn) {
  const mine = m.from === state.me.userId;
  const seen = isLastOwn ? seenLabel(c, m) : null;
  return el('li', { class: `message${mine ? ' mine' : ''}`, dataset: { seq: m.seq, status: 'sent' } },
    el('div', { class: 'meta' },
      el('span', { class: 'sender' }, mine ? 'You' : m.fromUsername),
      el('time', { datetime: m.sentAt }, formatTime(m.sentAt))),
    m.content ? el('p', { class: 'content' }, m.content) : null,
    m.attachmentUrl ? attachment(m.attachmentUrl) : null,
    seen ? el('p', { class: 'seen' }, seen) : null);
}

export function renderThread() {
  const c = state.activeId ? state.conversations.get(state.activeId) : null;
  document.body.classList.toggle('has-active', c !== null && c !== undefined);
  $('composer').hidden = !c;
  $('leave-button').hidden = !c || c.kind !== 'room';
  $('thread-title').textContent = c ? titleOf(c) : 'Pick a conversation';
  $('thread-presence').textContent = c ? presenceOf(c)?.label ?? '' : '';
  const list = $('messages');
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  const previousHeight = list.scrollHeight;
  const previousTop = list.scrollTop;
  const firstBefore = list.firstElementChild?.dataset.seq;
  if (!c) {
    list.replaceChildren();
    $('typing').textContent = '';
    return;
  }
  let lastOwn = null;
  for (const m of c.messages) if (m.from === state.me.userId) lastOwn = m;
  const items = c.messages.map((m) => messageItem(c, m, m === lastOwn));
  if (c.olderBefore !== null && c.historyLoaded) {
    items.unshift(el('li', { class: 'older muted' }, 'Scroll up for older messages'));
  }
  for (const p of state.pending.values()) if (p.conversationId === c.id) items.push(pendingItem(p));
  list.replaceChildren(...items);
  const firstNow = list.querySelector('[data-seq]')?.dataset.seq;
  if (firstBefore !== undefined && firstNow !== firstBefore && !atBottom) {
    list.scrollTop = previousTop + (list.scrollHeight - previousHeight); // older messages came in on top: keep the view still
  } else if (atBottom || firstBefore === undefined) {
    list.scrollTop = list.scrollHeight;
  }
  const now = Date.now();
  const typists = [...c.typing.values()].filter((t) => t.until > now).map((t) => t.username);
  $('typing').textContent = typists.length ? `${typists.join(', ')} ${typists.length === 1 ? 'is' : 'are'} typing…` : '';
}
