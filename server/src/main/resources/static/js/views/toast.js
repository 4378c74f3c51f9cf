// A short notice at the bottom of the page (a change the server refused for good), in a live
// region that is always there (an empty one takes no room), so screen readers announce it; it
// goes after a few seconds, or when the next one comes.
import { $ } from '../dom.js';

const SHOWN_MS = 6_000;
let timer = null;

export function toast(text) {
  $('toast').textContent = text;
  clearTimeout(timer);
  timer = setTimeout(() => { $('toast').textContent = ''; }, SHOWN_MS);
}
