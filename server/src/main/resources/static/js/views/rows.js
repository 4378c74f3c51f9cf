// Keyed DOM updates for the thread, with the scroll position kept, and the live region.

/**
 * Makes the list's children the rows, by key: rows already there are patched in place (never
 * rebuilt or moved, so a selection or the focus in them survives), missing ones are created and
 * leftovers removed. mode: 'bottom' keeps the list scrolled to the end, 'anchor' keeps the first
 * visible row where it was on the screen, null leaves the scroll position alone.
 */
export function reconcile(list, rows, create, update, env, mode) {
  const wanted = new Map();
  for (const row of rows) wanted.set(row.key, row);
  const kept = new Map();
  const gone = [];
  for (const node of list.children) {
    const key = node.dataset.key;
    if (wanted.has(key) && !kept.has(key)) kept.set(key, node);
    else gone.push(node);
  }
  adoptAcknowledged(rows, kept, gone);
  const anchor = mode === 'anchor' ? findAnchor(list, kept) : null;
  const focused = list.contains(document.activeElement) ? document.activeElement : null;
  for (const node of gone) node.remove();
  let cursor = list.firstElementChild;
  for (const row of rows) {
    let node = kept.get(row.key);
    if (node) update(node, row, env);
    else node = create(row, env);
    if (node === cursor) cursor = cursor.nextElementSibling;
    else list.insertBefore(node, cursor);
  }
  if (mode === 'bottom') {
    list.scrollTop = list.scrollHeight;
  } else if (anchor?.node.isConnected) {
    const moved = anchor.node.getBoundingClientRect().top - list.getBoundingClientRect().top - anchor.offset;
    if (Math.abs(moved) >= 0.5) list.scrollTop += moved;
  }
  if (focused && !focused.isConnected) list.focus({ preventScroll: true });
}

/** A message that was being sent keeps its node when its ack turns it into a message with a seq. */
function adoptAcknowledged(rows, kept, gone) {
  const sending = new Map();
  for (const node of gone) if (node.dataset.key.startsWith('c')) sending.set(node.dataset.key.slice(1), node);
  if (sending.size === 0) return;
  for (const row of rows) {
    const id = row.kind === 'msg' && !kept.has(row.key) ? row.item.m?.clientMsgId : null;
    const node = id ? sending.get(id) : null;
    if (node) {
      node.dataset.key = row.key;
      kept.set(row.key, node);
      gone.splice(gone.indexOf(node), 1);
    }
  }
}

/**
 * The first message row, still wanted, whose bottom is below the top of the list's visible area
 * (not a separator or the history line: rows may come in between those and the messages).
 */
function findAnchor(list, kept) {
  const children = list.children;
  const top = list.getBoundingClientRect().top;
  let low = 0;
  let high = children.length - 1;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (children[mid].getBoundingClientRect().bottom > top) high = mid;
    else low = mid + 1;
  }
  for (let i = low; i < children.length; i++) {
    const node = children[i];
    if (kept.get(node.dataset.key) === node && node.classList.contains('message')) return { node, offset: node.getBoundingClientRect().top - top };
  }
  return null;
}

/**
 * Tells screen readers about messages from others newer than `announced` (and only those: not the
 * history loaded on scrolling, not this user's own); returns the newest seq now announced.
 */
export function announceNew(c, announced, me, region) {
  const fresh = [];
  let newest = announced;
  for (let i = c.messages.length - 1; i >= 0 && c.messages[i].seq > announced; i--) {
    const m = c.messages[i];
    newest = Math.max(newest, m.seq);
    if (m.from !== me) fresh.unshift(m);
  }
  if (fresh.length > 3) {
    const names = [...new Set(fresh.map((m) => m.fromUsername))];
    region.textContent = `${fresh.length} new messages from ${names.join(', ')}`;
  } else if (fresh.length) {
    region.textContent = fresh.map((m) => `${m.fromUsername}: ${(m.content || m.attachmentUrl || '').slice(0, 300)}`).join('\n');
  }
  return newest;
}
