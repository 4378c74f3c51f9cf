import { $ } from '../dom.js';

/**
 * Asks before something that cannot be undone with one click, in the page's own modal dialog
 * (focus stays inside it; Escape or Cancel says no). Resolves true only for the confirm button.
 */
export function confirmAction({ title, text, confirm }) {
  const dialog = $('confirm-dialog');
  $('confirm-title').textContent = title;
  $('confirm-text').textContent = text;
  $('confirm-ok').textContent = confirm;
  dialog.returnValue = '';
  dialog.showModal();
  $('confirm-cancel').focus();
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
  });
}
