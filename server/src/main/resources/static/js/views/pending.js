// A message of ours the server has not acked yet (js/sending.js): what happens to it, and what the
// user can do about it. Refused for good: the reason and Discard (a retry could never succeed).
import { $, el } from '../dom.js';
import { discard, retry } from '../sending.js';
import { state } from '../state.js';

function attachment(url) {
  return /^https?:\/\//i.test(url) ? el('a', { href: url, target: '_blank', rel: 'noopener noreferrer nofollow', class: 'attachment' }, url) : null;
}

function label(p) {
  if (p.status === 'failed') return `Not sent: ${p.reason}`;
  if (p.status === 'stalled') return 'Not sent yet — retrying';
  return state.status === 'online' ? 'Sending…' : 'Waiting for the connection…';
}

/** Discarding moves the focus to the composer, not to the top of the page with the removed button. */
function discardAndFocus(clientMsgId) {
  discard(clientMsgId);
  $('composer-input')?.focus();
}

export function pendingItem(p) {
  return el('li', { class: 'message mine', dataset: { status: p.status, clientMsgId: p.clientMsgId } },
    el('div', { class: 'meta' },
      el('span', { class: 'sender' }, 'You'),
      el('span', { class: 'state' }, label(p))),
    p.content ? el('p', { class: 'content' }, p.content) : null,
    p.attachmentUrl ? attachment(p.attachmentUrl) : null,
    p.status === 'pending' ? null : el('div', { class: 'pending-actions' },
      p.status === 'stalled' ? el('button', { type: 'button', class: 'retry secondary', onclick: () => retry(p.clientMsgId) }, 'Retry now') : null,
      el('button', { type: 'button', class: 'discard secondary', onclick: () => discardAndFocus(p.clientMsgId) }, 'Discard')));
}
