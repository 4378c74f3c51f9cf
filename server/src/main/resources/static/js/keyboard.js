// Keyboard-only use: skip links to the conversation list and the message box, arrow keys in the
// list (views/sidebar.js), Escape closing the mention list (mentions.js). Every control is a real
// button, link or field, so Tab reaches it, and :focus-visible draws the focus ring (app.css).
import { $ } from './dom.js';
import { navigableList } from './views/sidebar.js';

export function focusConversations() {
  const list = $('conversation-list');
  const target = list.querySelector('button.conversation.active') ?? list.querySelector('button.conversation') ?? $('new-dm-input');
  if (document.body.classList.contains('has-active') && getComputedStyle($('sidebar')).display === 'none') $('back-button').click(); // phone: the list is a screen of its own
  target.focus();
}

function focusComposer() {
  if ($('composer').hidden) focusConversations();
  else $('composer-input').focus();
}

// Links (so they read as links and take Enter), but they must not change the URL: it names the conversation.
$('skip-to-list').addEventListener('click', (e) => { e.preventDefault(); focusConversations(); });
$('skip-to-composer').addEventListener('click', (e) => { e.preventDefault(); focusComposer(); });
navigableList($('conversation-list'));
