// What a reader does with a message: react, reply, edit, delete. One toolbar, shared by the rows:
// it comes to a message under the mouse (desktop), after a long press (touch), or from the row's
// "⋯" button (keyboard: Tab reaches it; Escape closes the toolbar and gives the focus back). The
// rows themselves stay as views/message.js builds them; everything here listens on the list.
import { openOriginal } from '../actions.js';
import { EMOJI, edit, remove, toggleReaction } from '../changes.js';
import { $, el } from '../dom.js';
import { changed, messageBySeq, state, subscribe } from '../state.js';
import { confirmAction } from './confirm.js';

const LONG_PRESS_MS = 500;
const list = $('messages');
const toolbar = el('div', { class: 'message-tools', role: 'toolbar', 'aria-label': 'Message actions' },
  el('button', { type: 'button', class: 'tool react', 'aria-expanded': 'false', 'aria-label': 'Add a reaction' }, 'React'),
  el('button', { type: 'button', class: 'tool reply' }, 'Reply'),
  el('button', { type: 'button', class: 'tool edit' }, 'Edit'),
  el('button', { type: 'button', class: 'tool delete' }, 'Delete'),
  el('div', { class: 'picker', role: 'group', 'aria-label': 'Reactions to pick from', hidden: true },
    EMOJI.map((emoji) => el('button', { type: 'button', class: 'emoji', dataset: { emoji }, 'aria-label': `React with ${emoji}` }, emoji))));
const picker = toolbar.querySelector('.picker');
let pinned = false; // opened on purpose (click, key, long press): the mouse leaving does not close it
let press = null; // a touch that may become a long press

const active = () => state.conversations.get(state.activeId) ?? null;
const rowOf = (node) => node?.closest?.('li.message.actionable') ?? null;
const messageOf = (row) => (row && active() ? messageBySeq(active(), Number(row.dataset.seq)) : null);

function open(row, byIntent) {
  const m = messageOf(row);
  if (!m || (state.editing?.seq === m.seq && state.editing.conversationId === m.conversationId)) return; // its editor is open
  if (toolbar.parentNode !== row) {
    close();
    row.append(toolbar);
  }
  pinned = byIntent;
  // Above the message, unless that is out of the list's view (the first message): then below it.
  toolbar.classList.toggle('below', row.getBoundingClientRect().top - list.getBoundingClientRect().top < 48);
  const mine = m.from === state.me?.userId;
  toolbar.querySelector('.edit').hidden = !mine;
  toolbar.querySelector('.delete').hidden = !mine;
  row.classList.add('tools-open');
  row.querySelector('.more')?.setAttribute('aria-expanded', 'true');
}

function close() {
  const row = toolbar.parentNode;
  showPicker(false);
  pinned = false;
  if (!row) return;
  toolbar.remove();
  row.classList.remove('tools-open');
  row.querySelector('.more')?.setAttribute('aria-expanded', 'false');
}

function showPicker(shown) {
  picker.hidden = !shown;
  toolbar.querySelector('.react').setAttribute('aria-expanded', String(shown));
}

/** Closes the toolbar, and gives the focus back to the row's "⋯" if it was inside. */
function dismiss() {
  const row = toolbar.parentNode;
  const hadFocus = toolbar.contains(document.activeElement);
  close();
  if (hadFocus) row?.querySelector('.more')?.focus();
}

export function startReply(m) {
  state.replyTo = { conversationId: m.conversationId, serverMsgId: m.serverMsgId, fromUsername: m.fromUsername, quote: (m.content || m.attachmentUrl || '').slice(0, 140) };
  changed();
  $('composer-input').focus();
}

function startEdit(row, m) {
  state.editing = { conversationId: m.conversationId, seq: m.seq };
  close();
  changed(); // the row's body becomes the editor, which takes the focus
}

function endEdit(row, save) {
  const c = active();
  const m = messageOf(row);
  if (save && c && m) edit(c, m, row.querySelector('.editor textarea').value);
  state.editing = null;
  row.querySelector('.more')?.focus(); // not lost with the editor
  changed();
}

async function confirmDelete(row, m) {
  close();
  const c = active();
  const sure = await confirmAction({ title: 'Delete this message?', text: 'Everyone in the conversation will see “message deleted” instead.', confirm: 'Delete' });
  if (sure && c) remove(c, m);
  else row.querySelector('.more')?.focus();
}

list.addEventListener('click', (e) => {
  const button = e.target.closest('button');
  const row = rowOf(e.target);
  const m = messageOf(row);
  if (!button || !m) return;
  const c = active();
  if (button.classList.contains('more')) {
    if (toolbar.parentNode === row && pinned) dismiss();
    else {
      open(row, true);
      toolbar.querySelector('button:not([hidden])').focus();
    }
  } else if (button.classList.contains('react')) {
    showPicker(picker.hidden);
    if (!picker.hidden) picker.querySelector('button').focus();
  } else if (button.classList.contains('emoji') || button.classList.contains('reaction')) {
    toggleReaction(c, m, button.dataset.emoji);
    if (toolbar.contains(button)) dismiss();
  } else if (button.classList.contains('reply')) {
    close();
    startReply(m);
  } else if (button.classList.contains('edit')) {
    startEdit(row, m);
  } else if (button.classList.contains('delete')) {
    confirmDelete(row, m);
  } else if (button.classList.contains('reply-quote')) {
    openOriginal(c, button.dataset.replyTo);
  } else if (button.classList.contains('editor-cancel')) {
    endEdit(row, false);
  }
});
list.addEventListener('submit', (e) => {
  e.preventDefault();
  endEdit(rowOf(e.target), true);
});
list.addEventListener('keydown', (e) => {
  if (e.target.matches('.editor textarea')) {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      endEdit(rowOf(e.target), true);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      endEdit(rowOf(e.target), false);
    }
    return;
  }
  if (!toolbar.contains(e.target)) return;
  if (e.key === 'Escape') {
    e.preventDefault();
    dismiss();
  } else if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') { // a toolbar: arrows move along it
    const buttons = [...toolbar.querySelectorAll('button')].filter((b) => b.offsetParent !== null);
    const at = buttons.indexOf(e.target);
    buttons[(at + (e.key === 'ArrowRight' ? 1 : -1) + buttons.length) % buttons.length].focus();
    e.preventDefault();
  }
});

// The mouse: the toolbar follows it from message to message, unless it was opened on purpose.
list.addEventListener('mouseover', (e) => {
  if (pinned || e.target.closest('.message-tools')) return;
  const row = rowOf(e.target);
  if (row && !row.querySelector('.editor')) open(row, false);
  else if (!row) close();
});
list.addEventListener('mouseleave', () => { if (!pinned) close(); });

// Touch: a long press on a message opens the toolbar (and not the browser's menu).
list.addEventListener('pointerdown', (e) => {
  if (e.pointerType !== 'touch' || e.target.closest('button, a, textarea')) return;
  const row = rowOf(e.target);
  if (!row) return;
  press = { x: e.clientX, y: e.clientY, timer: setTimeout(() => { press.fired = true; open(row, true); }, LONG_PRESS_MS), fired: false };
});
const cancelPress = () => { if (press) clearTimeout(press.timer); };
list.addEventListener('pointerup', cancelPress);
list.addEventListener('pointercancel', cancelPress);
list.addEventListener('pointermove', (e) => {
  if (press && Math.hypot(e.clientX - press.x, e.clientY - press.y) > 10) cancelPress();
});
list.addEventListener('contextmenu', (e) => { if (press?.fired) e.preventDefault(); });

// A click or focus anywhere else closes a toolbar opened on purpose.
document.addEventListener('pointerdown', (e) => {
  if (pinned && !toolbar.contains(e.target) && !e.target.closest?.('.more')) close();
});
document.addEventListener('focusin', (e) => {
  if (pinned && toolbar.parentNode && !toolbar.parentNode.contains(e.target)) close();
});

// The reply bar above the composer, and the toolbar or editor of a conversation no longer shown.
let replyShown = null;
subscribe(() => {
  const c = active();
  if (toolbar.parentNode && !toolbar.parentNode.isConnected) close();
  if (state.editing && state.editing.conversationId !== c?.id) state.editing = null;
  const reply = state.replyTo?.conversationId === c?.id ? state.replyTo : null;
  if (reply === replyShown) return;
  replyShown = reply;
  $('reply-bar').hidden = !reply;
  if (reply) {
    $('reply-to-name').textContent = reply.fromUsername;
    $('reply-to-quote').textContent = reply.quote;
  }
});
$('reply-cancel').addEventListener('click', () => {
  state.replyTo = null;
  changed();
  $('composer-input').focus();
});
$('composer-input').addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && state.replyTo && !e.defaultPrevented) {
    state.replyTo = null;
    changed();
  }
});
