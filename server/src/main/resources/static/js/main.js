// Entry point: renders on every state change and turns DOM events into actions.
import { fillGap, loadHistory, markRead, openConversation, startDirect } from './actions.js';
import { composerSent } from './composer.js';
import { api, ctx } from './context.js';
import { $ } from './dom.js';
import './keyboard.js';
import './mentions.js';
import './search.js';
import { discard, retry, send } from './sending.js';
import { authenticate, expire, showAuth, signOut, start } from './session.js';
import { changed, state, subscribe } from './state.js';
import { renderBanner } from './views/banner.js';
import { confirmAction } from './views/confirm.js';
import { renderConversationList, renderRoomDirectory } from './views/sidebar.js';
import './views/message-actions.js';
import { initThread, renderThread } from './views/thread.js';

const TYPING_EVERY_MS = 3_000;
let lastTypingSent = 0;

ctx.onExpired = expire;
subscribe(() => {
  renderBanner();
  renderConversationList(openConversation);
  renderThread({ retry, discard, loadOlder: (c) => loadHistory(c, true), fillGap: (c) => fillGap(c) });
});
initThread();

function joinRoom(room) {
  $('join-room-error').textContent = '';
  if (!ctx.connection?.send({ type: 'room.join', room })) $('join-room-error').textContent = 'Not connected; try again in a moment.';
}

$('auth-form').addEventListener('submit', (e) => { e.preventDefault(); authenticate(false); });
$('signup-button').addEventListener('click', () => authenticate(true));
$('logout-button').addEventListener('click', () => signOut());
$('new-dm-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const name = $('new-dm-input').value.trim();
  if (name) startDirect(name);
});
$('join-room-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const room = $('join-room-input').value.trim();
  if (room) joinRoom(room);
});
$('room-browser').addEventListener('toggle', async () => {
  if (!$('room-browser').open) return;
  try {
    renderRoomDirectory((await api.rooms()).rooms, joinRoom);
  } catch (e) {
    $('join-room-error').textContent = e.message;
  }
});
$('leave-button').addEventListener('click', async () => {
  const c = state.conversations.get(state.activeId);
  if (c?.kind !== 'room') return;
  const sure = await confirmAction({ title: `Leave # ${c.room}?`, text: 'It leaves your list; you can join again from Browse rooms.', confirm: 'Leave room' });
  if (sure) ctx.connection?.send({ type: 'room.leave', room: c.room });
  else $('leave-button').focus();
});
$('back-button').addEventListener('click', () => { state.activeId = null; changed(); });
$('composer').addEventListener('submit', (e) => { e.preventDefault(); send(); composerSent(); });
$('composer-input').addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
    e.preventDefault();
    send();
    composerSent();
  }
});
$('composer-input').addEventListener('input', () => {
  const now = Date.now();
  if (state.activeId && now - lastTypingSent > TYPING_EVERY_MS && ctx.connection?.send({ type: 'typing', conversationId: state.activeId })) {
    lastTypingSent = now;
  }
});
document.addEventListener('visibilitychange', () => {
  const c = state.conversations.get(state.activeId);
  if (c && document.visibilityState === 'visible') {
    markRead(c);
    changed();
  }
});

if (ctx.token) start();
else showAuth();
