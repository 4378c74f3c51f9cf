// A draft per conversation: what is typed in the composer (and the attachment link) belongs to the
// conversation it was typed in, is put back when that conversation opens again, and survives a
// reload. Kept in localStorage per user, so the tabs share it; signing out deletes it.
import { $ } from './dom.js';
import { state, subscribe } from './state.js';

const key = () => `parley.drafts.${state.me.userId}`;
let shownFor = null; // the conversation whose draft the composer holds

function all() {
  try {
    return JSON.parse(localStorage.getItem(key())) ?? {};
  } catch {
    return {};
  }
}

export function draftOf(id) {
  return all()[id] ?? { text: '', attachmentUrl: '' };
}

/** Keeps the composer's content as the draft of the conversation it belongs to. */
export function saveDraft() {
  if (!state.me || !shownFor) return;
  const drafts = all();
  const text = $('composer-input').value;
  const attachmentUrl = $('attachment-input').value;
  if (text || attachmentUrl) drafts[shownFor] = { text, attachmentUrl };
  else delete drafts[shownFor];
  localStorage.setItem(key(), JSON.stringify(drafts));
}

/** Signing out: drafts are not left behind on a shared computer. */
export function clearDrafts() {
  if (state.me) localStorage.removeItem(key());
}

// Another conversation opened: the composer now holds its draft.
subscribe(() => {
  const id = state.me ? state.activeId : null;
  if (id === shownFor) return;
  shownFor = id;
  const draft = id ? draftOf(id) : { text: '', attachmentUrl: '' };
  $('composer-input').value = draft.text;
  $('attachment-input').value = draft.attachmentUrl;
  $('composer-input').dispatchEvent(new Event('draftloaded'));
});
$('composer-input').addEventListener('input', saveDraft);
$('attachment-input').addEventListener('input', saveDraft);
