// @mentions: the composer's autocomplete (which names a text mentions is markup.js's). Typing "@" and
// the start of a name lists the participants of the open conversation this client knows (the DM
// peer; in a room, whoever wrote, read or typed there), newest speaker first. ArrowUp/ArrowDown
// move, Enter or Tab picks, Escape closes; a click picks too.
import { $, el } from './dom.js';
import { state } from './state.js';

const MAX = 8;

/** Usernames known to take part in the conversation, newest speaker first, without this user. */
function participants(c) {
  const names = [];
  const add = (name) => { if (name && name !== state.me.username && !names.includes(name)) names.push(name); };
  if (c.kind === 'dm') add(c.peer?.username);
  for (let i = c.messages.length - 1; i >= 0; i--) add(c.messages[i].fromUsername);
  add(c.lastMessage?.fromUsername);
  for (const t of c.typing.values()) add(t.username);
  for (const r of c.receipts.values()) add(r.username);
  return names;
}

const input = () => $('composer-input');
const list = () => $('mention-list');
let options = [];
let selected = 0;
let start = -1; // where the "@" is

function close() {
  options = [];
  start = -1;
  list().hidden = true;
  list().replaceChildren();
  input().removeAttribute('aria-activedescendant');
}

function update() {
  const c = state.conversations.get(state.activeId);
  const text = input().value.slice(0, input().selectionStart);
  const match = /(?:^|\s)@([a-z0-9_.-]*)$/i.exec(text);
  if (!c || !match || input().selectionStart !== input().selectionEnd) {
    close();
    return;
  }
  const prefix = match[1].toLowerCase();
  const found = participants(c).filter((name) => name.startsWith(prefix)).slice(0, MAX);
  if (!found.length) {
    close();
    return;
  }
  const previous = options[selected];
  options = found;
  selected = Math.max(0, options.indexOf(previous));
  start = text.length - match[1].length - 1;
  render();
}

function render() {
  list().replaceChildren(...options.map((name, i) => el('li', {
    id: `mention-option-${i}`,
    role: 'option',
    class: 'mention-option',
    'aria-selected': String(i === selected),
    onmousedown: (e) => { e.preventDefault(); pick(i); }, // before the textarea loses focus
  }, `@${name}`)));
  list().hidden = false;
  input().setAttribute('aria-activedescendant', `mention-option-${selected}`);
}

function pick(i) {
  const field = input();
  const before = field.value.slice(0, start);
  const after = field.value.slice(field.selectionStart);
  const inserted = `@${options[i]} `;
  field.value = before + inserted + after.replace(/^ /, '');
  const caret = before.length + inserted.length;
  field.setSelectionRange(caret, caret);
  close();
  field.dispatchEvent(new Event('input', { bubbles: true })); // the draft, the typing notice, the height
}

/** While the list is open its keys come first: captured on the form, before the composer's Enter-sends. */
function onKey(e) {
  if (list().hidden || e.target !== input()) return;
  const keys = {
    ArrowDown: () => { selected = (selected + 1) % options.length; render(); },
    ArrowUp: () => { selected = (selected - 1 + options.length) % options.length; render(); },
    Enter: () => pick(selected),
    Tab: () => pick(selected),
    Escape: close,
  };
  const action = keys[e.key];
  if (!action || (e.key === 'Enter' && (e.shiftKey || e.isComposing))) return;
  e.preventDefault();
  e.stopPropagation();
  action();
}

$('composer').addEventListener('keydown', onKey, true);
input().addEventListener('input', update);
input().addEventListener('click', update);
input().addEventListener('blur', close);
input().addEventListener('draftloaded', close);
