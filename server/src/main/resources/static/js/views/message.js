// The nodes of one row of the thread (a message, a message being sent, a day separator, the
// "New messages" divider, the history line on top), built once and then only patched where they
// changed, so a text selection or the focus inside a row survives updates. Everything a user wrote
// goes in as text nodes (markup.js says what is code, a link or a mention; never HTML).
import { $, el } from '../dom.js';
import { state } from '../state.js';
import { parse, safeHref } from '../markup.js';
import { avatarColour, dayLabel, initials } from '../timeline.js';


export function createRow(row, env) {
  let node;
  if (row.kind === 'msg') node = messageNode(row.item, env);
  else if (row.kind === 'day') node = el('li', { class: 'day-separator', role: 'separator' }, el('span', {}, ''));
  else if (row.kind === 'unread') node = el('li', { class: 'unread-divider', role: 'separator' }, el('span', {}, 'New messages'));
  else node = el('li', { class: 'history-edge muted' });
  node.dataset.key = row.key;
  updateRow(node, row, env);
  return node;
}

export function updateRow(node, row, env) {
  if (row.kind === 'msg') updateMessage(node, row.item, env);
  else if (row.kind === 'day') setText(node.firstChild, dayLabel(row.item.dayKey));
  else if (row.kind === 'edge') {
    node.classList.toggle('loading', row.loading);
    setText(node, row.text);
  }
}

function messageNode(item, env) {
  const { m, p } = item;
  const username = m ? m.fromUsername : 'You';
  const node = el('li', { class: `message${item.mine ? ' mine' : ''}` },
    item.mine ? null : el('span', { class: `avatar ${avatarColour(item.from)}`, 'aria-hidden': 'true' }, initials(username)),
    el('div', { class: 'bubble' },
      el('div', { class: 'meta' }, el('span', { class: 'sender' }, item.mine ? 'You' : username), metaState(item)),
      el('div', { class: 'body' })));
  node._v = { seen: null, status: null, body: null };
  return node;
}

/**
 * What a message says, rebuilt only when the message changed (its rev: an edit, a delete, a
 * reaction) or its editor opened or closed: the quote of what it answers, the text (or the
 * tombstone), the attachment, "(edited)", the reactions; or the inline editor.
 */
function fillBody(node, item, env) {
  const { m, p } = item;
  const editing = Boolean(m) && state.editing?.seq === m.seq && state.editing.conversationId === m.conversationId;
  const deleted = Boolean(m?.deletedAt);
  const actionable = Boolean(m) && !deleted;
  if (m && node.dataset.serverMsgId !== m.serverMsgId) node.dataset.serverMsgId = m.serverMsgId;
  if (node.classList.contains('actionable') !== actionable) {
    node.classList.toggle('actionable', actionable);
    if (actionable) node.append(el('button', { type: 'button', class: 'more', 'aria-expanded': 'false', 'aria-label': `Actions for the message from ${item.mine ? 'you' : m.fromUsername}` }, '⋯'));
    else node.querySelector('.more')?.remove();
  }
  const key = `${m?.rev ?? 0}:${editing}`; // a message being sent and the same message acked look alike: no rebuild
  if (node._v.body === key) return;
  node._v.body = key;
  const text = m ? m.localEdit ?? m.content : p.content;
  const attachmentUrl = m ? m.attachmentUrl : p.attachmentUrl;
  const tokens = text && !deleted ? parse(text) : [];
  const mentionsMe = !item.mine && tokens.some(function me(t) { return t.name === env.meName || (t.c && t.c.some(me)); });
  node.classList.toggle('mentions-me', mentionsMe);
  node.classList.toggle('deleted', deleted);
  const replyTo = m ? m.replyTo : p.replyTo;
  const bubble = node.querySelector('.bubble');
  bubble.querySelector('.reactions')?.remove();
  bubble.querySelector('.body').replaceChildren(...[
    replyTo && !deleted ? quoteOf(replyTo) : null,
    deleted ? el('p', { class: 'tombstone' }, 'message deleted') : null,
    editing ? editor(text) : null,
    !deleted && !editing && text ? el('div', { class: 'content' }, rich(tokens, env.meName)) : null,
    !deleted && !editing && attachmentUrl && safeHref(attachmentUrl)
      ? el('a', { href: safeHref(attachmentUrl), target: '_blank', rel: 'noopener noreferrer nofollow', class: 'attachment' }, attachmentUrl) : null,
    m && !deleted && (m.editedAt || m.localEdit !== undefined) ? el('span', { class: 'edited', title: m.editedAt ? `Edited ${new Date(m.editedAt).toLocaleString()}` : 'Saving…' }, m.editedAt && m.localEdit === undefined ? '(edited)' : '(saving…)') : null,
  ].filter(Boolean));
  if (m?.reactions?.length && !deleted) bubble.querySelector('.body').after(reactionsOf(m, state.me?.userId));
  if (editing) {
    const input = bubble.querySelector('.editor textarea');
    requestAnimationFrame(() => { if (input.isConnected && document.activeElement !== input) { input.focus(); input.setSelectionRange(input.value.length, input.value.length); } });
  }
}

/** The quote of the message a reply answers: a button that takes the reader to it. */
function quoteOf(replyTo) {
  const quote = replyTo.quote === null || replyTo.quote === undefined ? 'Original message deleted' : replyTo.quote;
  return el('button', { type: 'button', class: 'reply-quote', dataset: { replyTo: replyTo.serverMsgId }, 'aria-label': `Reply to ${replyTo.fromUsername}: ${quote}. Go to that message` },
    el('span', { class: 'quote-sender' }, replyTo.fromUsername), el('span', { class: 'quote-text' }, quote));
}

/** The inline editor: Enter saves, Escape cancels (views/message-actions.js listens). */
function editor(text) {
  const input = el('textarea', { rows: '2', 'aria-label': 'Edit message', 'aria-describedby': 'editor-hint' });
  input.value = text;
  return el('form', { class: 'editor' }, input,
    el('div', { class: 'row editor-row' },
      el('span', { class: 'muted', id: 'editor-hint' }, 'Enter saves · Escape cancels'),
      el('button', { type: 'button', class: 'secondary editor-cancel' }, 'Cancel'),
      el('button', { type: 'submit', class: 'editor-save' }, 'Save')));
}

/** Counts under the message: a toggle each (pressed when this user reacted), with who reacted in its title. */
function reactionsOf(m, meId) {
  return el('div', { class: 'reactions', role: 'group', 'aria-label': 'Reactions' }, m.reactions.map((r) => {
    const names = r.users.map((u) => (u.id === meId ? 'you' : u.username)).join(', ');
    const mine = r.users.some((u) => u.id === meId);
    return el('button', { type: 'button', class: 'reaction', dataset: { emoji: r.emoji }, 'aria-pressed': String(mine), title: names,
      'aria-label': `${r.emoji} ${r.count}: ${names}` }, el('span', { 'aria-hidden': 'true' }, r.emoji), ` ${r.count}`);
  }));
}

function updateMessage(node, item, env) {
  node.classList.toggle('start', item.start);
  node.classList.toggle('cont', !item.start);
  const status = item.m ? 'sent' : item.p.status;
  const shown = item.m ? status : `${status}:${pendingLabel(item.p)}`; // "Sending…" becomes "Waiting for the connection…" offline
  if (node._v.status !== shown) {
    node._v.status = shown;
    node.dataset.status = status;
    if (item.m) {
      node.dataset.seq = item.m.seq;
      delete node.dataset.clientMsgId;
    } else {
      node.dataset.clientMsgId = item.p.clientMsgId;
    }
    node.querySelector('.meta').lastChild.replaceWith(metaState(item));
    node.querySelector('.actions')?.remove();
    if (item.p && item.p.status !== 'pending') node.querySelector('.bubble').append(pendingActions(item.p, env.actions));
  }
  fillBody(node, item, env);
  const seen = env.seen(item);
  if (node._v.seen !== seen) {
    node._v.seen = seen;
    node.querySelector('.seen')?.remove();
    if (seen) node.querySelector('.bubble').append(el('p', { class: 'seen' }, seen));
  }
}

/** "Seen" under this user's last message: by the other person, or by whom in a room. */
export function seenOf(c, me) {
  let lastOwn = null;
  for (let i = c.messages.length - 1; i >= 0 && !lastOwn; i--) if (c.messages[i].from === me) lastOwn = c.messages[i];
  return (item) => {
    if (!lastOwn || item.m !== lastOwn) return null;
    if (c.kind === 'dm') return c.peerReadSeq !== null && c.peerReadSeq >= lastOwn.seq ? 'Seen' : null;
    const readers = [...c.receipts.values()].filter((r) => r.seq >= lastOwn.seq && r.userId !== me);
    return readers.length ? `Seen by ${readers.map((r) => r.username).join(', ')}` : null;
  };
}

function metaState(item) {
  if (item.p) return el('span', { class: 'state' }, pendingLabel(item.p));
  const date = new Date(item.m.sentAt);
  return el('time', { datetime: item.m.sentAt, title: date.toLocaleString() },
    date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }));
}

/** A message not acked yet (js/sending.js): refused for good shows the reason, stalled is still being retried. */
function pendingLabel(p) {
  if (p.status === 'failed') return `Not sent: ${p.reason}`;
  if (p.status === 'stalled') return 'Not sent yet — retrying';
  return state.status === 'online' ? 'Sending…' : 'Waiting for the connection…';
}

/** Refused for good: only Discard (a retry could never succeed). Stalled: Retry now, or Discard. */
function pendingActions(p, actions) {
  return el('div', { class: 'actions' },
    p.status === 'stalled' ? el('button', { type: 'button', class: 'retry secondary', onclick: () => actions.retry(p.clientMsgId) }, 'Retry now') : null,
    el('button', { type: 'button', class: 'discard secondary', onclick: () => {
      actions.discard(p.clientMsgId);
      $('composer-input')?.focus(); // not the top of the page, where the removed button's focus would go
    } }, 'Discard'));
}

/** Nodes for parsed text: elements for the markup, text nodes for every character the user wrote. */
export function rich(tokens, meName) {
  return tokens.map((t) => {
    switch (t.t) {
      case 'text': return document.createTextNode(t.v);
      case 'code': return el('code', {}, t.v);
      case 'pre': return el('pre', {}, el('code', {}, t.v));
      case 'strong':
      case 'em': return el(t.t, {}, rich(t.c, meName));
      case 'link': return el('a', { href: t.href, target: '_blank', rel: 'noopener noreferrer nofollow', class: 'link' }, t.v);
      case 'mention': return el('span', { class: `mention${t.name === meName ? ' me' : ''}` }, t.v);
      default: return null;
    }
  });
}

function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}
