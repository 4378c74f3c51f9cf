// The search box (GET /api/v1/search, docs/protocol.md): results newest first, twenty at a time
// ("Load more" follows nextCursor); a result opens its conversation at the message, highlighted.
import { openAt } from './actions.js';
import { api } from './context.js';
import { $, el, formatTime } from './dom.js';
import { state, subscribe } from './state.js';
import { titleOf } from './views/sidebar.js';

const SNIPPET = 140;
let query = null;
let cursor = null;
let loading = false;

async function run(more) {
  if (loading || !query) return;
  loading = true;
  const asked = query;
  $('search-more').hidden = true;
  $('search-status').textContent = 'Searching…';
  try {
    const page = await api.search(asked, { cursor: more ? cursor : null });
    if (asked !== query) return; // another search started meanwhile
    if (!more) $('search-list').replaceChildren();
    $('search-list').append(...page.messages.map(result));
    cursor = page.nextCursor ?? null;
    const count = $('search-list').children.length;
    $('search-status').textContent = count ? `${count}${cursor ? '+' : ''} message${count === 1 ? '' : 's'} found` : 'No messages found.';
    $('search-more').hidden = cursor === null;
  } catch (e) {
    $('search-status').textContent = `Search failed: ${e.message}`;
    $('search-more').hidden = !more || cursor === null;
  } finally {
    loading = false;
  }
}

function where(m) {
  const c = state.conversations.get(m.conversationId);
  if (c) return titleOf(c);
  if (m.room) return `# ${m.room}`;
  return m.from === state.me?.userId ? m.toUsername : m.fromUsername;
}

function result(m) {
  const sender = m.from === state.me?.userId ? 'You' : m.fromUsername;
  return el('li', {}, el('button', {
    type: 'button', class: 'search-hit', dataset: { conversationId: m.conversationId, seq: m.seq },
    onclick: () => openAt(m.conversationId, m.seq),
  },
  el('span', { class: 'search-where' }, `${sender} in ${where(m)}`),
  el('time', { class: 'search-when muted', datetime: m.sentAt }, formatTime(m.sentAt)),
  el('span', { class: 'search-snippet' }, snippet(m.content ?? '', query))));
}

/** Up to SNIPPET characters of the text around the first word searched for, the words marked. */
export function snippet(text, q) {
  const words = q.toLowerCase().split(/\s+/).filter((w) => w.length > 1).map((w) => w.replace(/[^\p{L}\p{N}]/gu, '')).filter(Boolean);
  const lower = text.toLowerCase();
  const first = Math.min(...words.map((w) => lower.indexOf(w)).filter((i) => i >= 0), text.length);
  const from = first > SNIPPET / 2 && first < text.length ? Math.max(0, first - 30) : 0;
  const part = (from > 0 ? '…' : '') + text.slice(from, from + SNIPPET) + (from + SNIPPET < text.length ? '…' : '');
  if (!words.length) return part;
  const pattern = new RegExp(`(${words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`, 'giu');
  return part.split(pattern).map((piece, i) => (i % 2 ? el('mark', {}, piece) : piece));
}

$('search-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const q = $('search-input').value.trim();
  if (!q) return;
  query = q;
  cursor = null;
  $('search-results').hidden = false;
  $('search-title').textContent = `Results for “${q}”`;
  $('search-list').replaceChildren();
  run(false);
});
$('search-more').addEventListener('click', () => run(true));
$('search-close').addEventListener('click', () => {
  query = null;
  $('search-results').hidden = true;
  $('search-list').replaceChildren();
  $('search-input').focus();
});
subscribe(() => {
  if (!state.me && query) { // logged out: nothing found for this user stays on screen
    query = null;
    $('search-results').hidden = true;
    $('search-list').replaceChildren();
    $('search-input').value = '';
  }
});
