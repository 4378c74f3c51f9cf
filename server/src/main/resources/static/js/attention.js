// Getting the user's attention: the unread count in the tab title and a dot on the favicon, and a
// desktop notification for a direct message or an @mention that arrives while the tab is hidden.
// Permission is asked for only when the user presses "Turn on notifications", never on load.
import { $ } from './dom.js';
import { mentions } from './markup.js';
import { go } from './navigation.js';
import { state, subscribe } from './state.js';
import { titleOf } from './views/sidebar.js';

const supported = 'Notification' in window;

function renderTitle() {
  let unread = 0;
  for (const c of state.conversations.values()) unread += c.unread;
  const active = state.me && state.activeId ? state.conversations.get(state.activeId) : null;
  const title = `${unread ? `(${unread}) ` : ''}${active ? `${titleOf(active)} · ` : ''}Parley`;
  if (document.title !== title) document.title = title;
  const icon = unread ? '/favicon-unread.svg' : '/favicon.svg';
  const link = $('favicon');
  if (link.getAttribute('href') !== icon) link.setAttribute('href', icon);
}

function renderPermission() {
  $('notify-button').hidden = !supported || !state.me || Notification.permission !== 'default';
}

/**
 * Passes a frame on to `handle` and then, for a message that is new to this client, from someone
 * else, while the tab is hidden: a notification if it is a direct message or mentions this user.
 * Each conversation has one notification (its tag), which a newer one replaces, also across tabs.
 */
export function noticeFrame(frame, handle) {
  const m = frame.type === 'message.create' ? frame.data : null;
  const known = m ? state.conversations.get(m.conversationId) : null;
  const isNew = m && !(known && (known.messages.some((x) => x.seq === m.seq) || (known.lastMessage && known.lastMessage.seq >= m.seq)));
  handle(frame);
  if (!isNew || !state.me || m.from === state.me.userId || document.visibilityState !== 'hidden') return;
  if (!supported || Notification.permission !== 'granted') return;
  const c = state.conversations.get(m.conversationId);
  const direct = c?.kind === 'dm';
  if (!direct && !mentions(m.content ?? '').includes(state.me.username.toLowerCase())) return; // markup.js: the one reading of @mentions
  const text = m.content || m.attachmentUrl || '';
  const notification = new Notification(direct ? m.fromUsername : `${m.fromUsername} in ${titleOf(c)}`, {
    body: text.length > 140 ? `${text.slice(0, 139)}…` : text,
    tag: m.conversationId,
    icon: '/favicon.svg',
  });
  notification.onclick = () => {
    window.focus();
    go(m.conversationId);
    notification.close();
  };
}

$('notify-button').addEventListener('click', async () => {
  await Notification.requestPermission();
  renderPermission();
});
subscribe(() => {
  renderTitle();
  renderPermission();
});
