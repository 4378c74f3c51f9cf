// The composer stays small, above all on a phone: one line that grows with its text (up to about
// six lines), and on narrow screens the attachment field only after "Link" is pressed.
import { $ } from './dom.js';
import { saveDraft } from './drafts.js';

const MAX_PX = 160;
const input = $('composer-input');
const attachment = $('attachment-input');
const toggle = $('attach-toggle');

function fit() {
  if (input.offsetParent === null) { // hidden: nothing to measure; its one row until it shows
    input.style.height = '';
    return;
  }
  input.style.height = 'auto';
  input.style.height = `${Math.min(MAX_PX, input.scrollHeight + (input.offsetHeight - input.clientHeight))}px`;
  input.style.overflowY = input.scrollHeight > MAX_PX ? 'auto' : 'hidden';
}

function showAttachment(open) {
  $('composer').classList.toggle('with-attachment', open);
  toggle.setAttribute('aria-expanded', String(open));
}

toggle.addEventListener('click', () => {
  const open = toggle.getAttribute('aria-expanded') !== 'true';
  showAttachment(open);
  if (open) attachment.focus();
});
input.addEventListener('input', fit);
input.addEventListener('draftloaded', () => {
  requestAnimationFrame(fit); // the composer shows in the same update, after this
  fit();
  showAttachment(attachment.value !== '');
});
/** After a send: the draft is what the sender left in the fields (nothing, if it went out), back to one line. */
export function composerSent() {
  saveDraft();
  fit();
  if (attachment.value === '') showAttachment(false);
}
