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
  const text = m ? m.content : p.content;
  const attachmentUrl = m ? m.attachmentUrl : p.attachmentUrl;
  const username = m ? m.fromUsername : 'You';
  const tokens = text ? parse(text) : [];
  const mentionsMe = !item.mine && tokens.some(function me(t) { return t.name === env.meName || (t.c && t.c.some(me)); });
  const node = el('li', { class: `message${item.mine ? ' mine' : ''}${mentionsMe ? ' mentions-me' : ''}` },
    item.mine ? null : el('span', { class: `avatar ${avatarColour(item.from)}`, 'aria-hidden': 'true' }, initials(username)),
    el('div', { class: 'bubble' },
      el('div', { class: 'meta' }, el('span', { class: 'sender' }, item.mine ? 'You' : username), metaState(item)),
      text ? el('div', { class: 'content' }, rich(tokens, env.meName)) : null,
      attachmentUrl && safeHref(attachmentUrl)
        ? el('a', { href: safeHref(attachmentUrl), target: '_blank', rel: 'noopener noreferrer nofollow', class: 'attachment' }, attachmentUrl) : null));
  node._v = { seen: null, status: null };
  return node;
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
    if (item.p && item.p.status !== 'pending') node.lastChild.append(pendingActions(item.p, env.actions));
  }
  const seen = env.seen(item);
  if (node._v.seen !== seen) {
    node._v.seen = seen;
    node.querySelector('.seen')?.remove();
    if (seen) node.lastChild.append(el('p', { class: 'seen' }, seen));
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
