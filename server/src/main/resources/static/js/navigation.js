// A URL per conversation, #/c/<encoded conversation id>: reload, Back and shared links land in the
// conversation. Opening one (by click, keyboard, a new DM, a join) pushes a history entry; Back and
// Forward, or a link, open the conversation the URL names. A link to a conversation this user is
// not in shows a notice saying so (with Join for a room), never a blank screen.
import { openConversation } from './actions.js';
import { api, ctx } from './context.js';
import { $, el } from './dom.js';
import { addMessage, changed, conversation, state, subscribe } from './state.js';

const PREFIX = '#/c/';
const ROOM = /^room:[a-z0-9_-]{1,64}$/;
const DIRECT = /^dm:([0-9a-f-]{36}):([0-9a-f-]{36})$/;

/** The conversation id the URL names: null for none, '' for a link that names nothing we understand. */
function routeId() {
  if (!location.hash.startsWith(PREFIX)) return null;
  try {
    return decodeURIComponent(location.hash.slice(PREFIX.length));
  } catch {
    return '';
  }
}

export const hashOf = (id) => (id ? PREFIX + encodeURIComponent(id) : '#/');

/** Opens a conversation through the URL, so the way back is in the history. */
export function go(id) {
  if (routeId() === id) followRoute();
  else location.hash = hashOf(id);
}

let shown = null; // the conversation the URL and the view agree on
let attempt = 0;

/** Makes the view match the URL (after start, on Back/Forward, on a followed link). */
export async function followRoute() {
  if (!state.me) return;
  const id = routeId();
  const mine = ++attempt;
  if (id === null) {
    showNotice(null);
    if (state.activeId !== null) {
      state.activeId = null;
      shown = null;
      changed();
    }
    return;
  }
  if (id === state.activeId && state.conversations.get(id)?.historyLoaded) {
    shown = id;
    showNotice(null);
    return;
  }
  const problem = state.conversations.has(id) ? null : await reach(id);
  if (mine !== attempt || !state.me) return; // the URL changed again meanwhile
  if (problem) {
    state.activeId = null;
    shown = null;
    changed();
    showNotice(problem);
    return;
  }
  showNotice(null);
  shown = id;
  await openConversation(id);
}

/** For a conversation the client does not know yet: null once it is loaded, else what to tell the user. */
async function reach(id) {
  const direct = DIRECT.exec(id);
  if (!ROOM.test(id) && !direct) return { title: 'No such conversation', text: 'This link does not name a conversation.' };
  if (direct && direct[1] !== state.me.userId && direct[2] !== state.me.userId) {
    return { title: 'Not your conversation', text: 'This is a direct conversation between two other people.' };
  }
  let page;
  try {
    page = await api.messages(id, null);
  } catch (e) {
    if (id.startsWith('room:') && (e.code === 'not_a_member' || e.status === 404)) {
      const room = id.slice(5);
      return { title: `You are not in # ${room}`, text: 'Join the room to read and send its messages.', room };
    }
    if (e.code === 'not_a_participant') return { title: 'Not your conversation', text: 'You are not in this conversation.' };
    return { title: 'Cannot open this conversation', text: e.message };
  }
  let peer = null;
  if (direct) {
    const peerId = direct[1] === state.me.userId ? direct[2] : direct[1];
    peer = await api.presence([peerId]).then((a) => a.presence[0] ?? null, () => null);
    if (!peer && !page.messages.length) return { title: 'No such user', text: 'The person this link names has no account here.' };
  }
  const c = conversation(id);
  if (peer) {
    c.peer = { userId: peer.userId, username: peer.username };
    state.presence.set(peer.userId, { online: peer.online, lastSeen: peer.lastSeen });
  }
  for (const m of page.messages) addMessage(m);
  c.olderBefore = page.olderBefore;
  c.historyLoaded = true;
  return null;
}

function showNotice(problem) {
  const notice = $('thread-notice');
  document.body.classList.toggle('has-notice', problem !== null);
  notice.hidden = problem === null;
  if (!problem) return;
  const join = problem.room ? el('button', {
    type: 'button',
    onclick: () => {
      if (!ctx.connection?.send({ type: 'room.join', room: problem.room })) $('notice-text').textContent = 'Not connected; try again in a moment.';
    },
  }, `Join # ${problem.room}`) : null;
  notice.replaceChildren(
    el('h2', { id: 'notice-title', tabindex: '-1' }, problem.title),
    el('p', { id: 'notice-text' }, problem.text),
    el('div', { class: 'row' }, join, el('a', { href: '#/', class: 'notice-back' }, 'Back to your conversations')));
  $('notice-title').focus();
}

/** Signing out: the next login starts at the conversation list, whoever it is. */
export function leaveRoute() {
  history.replaceState(null, '', location.pathname + location.search);
  shown = null;
}

// Keeps the URL in step when a conversation opens or closes without the URL asking (a click, a new
// DM, a join, a leave): a new history entry, except when the conversation went away (left room).
subscribe(() => {
  if (state.activeId !== null && !$('thread-notice').hidden) showNotice(null); // e.g. joined from the notice
  if (!state.me) shown = null; // logged out: the URL stays, for the next login to follow
  if (!state.me || state.activeId === shown) return;
  const gone = shown !== null && !state.conversations.has(shown);
  shown = state.activeId;
  const target = hashOf(state.activeId);
  if (location.hash === target) return;
  if (gone) history.replaceState(null, '', target);
  else history.pushState(null, '', target);
});
addEventListener('hashchange', () => followRoute());
addEventListener('popstate', () => followRoute());
