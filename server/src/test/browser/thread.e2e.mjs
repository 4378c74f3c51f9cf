// The thread of the web client under real use, in the system's Chromium. Run by ThreadBrowserIT:
//   node thread.e2e.mjs <base-url> <screenshot-dir>
// The node's clock starts two days back: to move it a day forward the script prints "CLOCK 1" and
// waits for a line on stdin (THREAD_E2E_NO_CLOCK=1: a node without that clock, day labels unchecked).
// Prints the measured figures as "FIGURE <name> <value>".
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parse } from '../../main/resources/static/js/markup.js';
import { avatarColour, buildItems, dayLabel, initials } from '../../main/resources/static/js/timeline.js';
import { growSlice, placeSlice, setSlice, WINDOW } from '../../main/resources/static/js/views/slice.js';
import { launch } from './people.mjs';
import { harness, median, percentile } from './thread-harness.mjs';

const [base, shots] = process.argv.slice(2);
mkdirSync(shots, { recursive: true });
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
const suffix = Date.now().toString(36).slice(-5);
const problems = [];
const figures = {};
const figure = (name, value) => {
  figures[name] = value;
  console.log(`FIGURE ${name} ${value}`);
};

// --- The pure parts, straight from the client's modules ---------------------------------------
assert.deepEqual(parse('**b** *i* _j_ `c` snake_case 2*3*4'), [
  { t: 'strong', c: [{ t: 'text', v: 'b' }] }, { t: 'text', v: ' ' }, { t: 'em', c: [{ t: 'text', v: 'i' }] }, { t: 'text', v: ' ' },
  { t: 'em', c: [{ t: 'text', v: 'j' }] }, { t: 'text', v: ' ' }, { t: 'code', v: 'c' }, { t: 'text', v: ' snake_case 2*3*4' }]);
assert.deepEqual(parse('see (https://example.org/a_(b)).'), [
  { t: 'text', v: 'see (' }, { t: 'link', href: 'https://example.org/a_(b)', v: 'https://example.org/a_(b)' }, { t: 'text', v: ').' }]);
assert.deepEqual(parse('javascript:alert(1) <b>x</b>'), [{ t: 'text', v: 'javascript:alert(1) <b>x</b>' }]);
assert.deepEqual(parse('a\n```js\n<i>x</i>\n```\nb'), [{ t: 'text', v: 'a' }, { t: 'pre', v: '<i>x</i>' }, { t: 'text', v: 'b' }]);
assert.deepEqual(parse('hi @Ann-x. mail bob@example.org'), [
  { t: 'text', v: 'hi ' }, { t: 'mention', v: '@Ann-x', name: 'ann-x' }, { t: 'text', v: '. mail bob@example.org' }]);
assert.equal(initials('ann-lee'), 'AL');
assert.equal(avatarColour('some-user-id'), avatarColour('some-user-id'));
{
  const at = (iso, from, seq) => ({ seq, from, fromUsername: from, sentAt: iso, content: String(seq) });
  const items = buildItems([at('2026-03-01T10:00:00Z', 'b', 1), at('2026-03-01T10:03:00Z', 'b', 2), at('2026-03-01T10:09:00Z', 'b', 3),
    at('2026-03-02T08:00:00Z', 'b', 4), at('2026-03-02T08:01:00Z', 'a', 5), at('2026-03-02T08:02:00Z', 'b', 6)], [], 'a', 3);
  assert.deepEqual(items.map((it) => [it.start, it.day !== null, it.unread]),
    [[true, true, false], [false, false, false], [true, false, false], [true, true, true], [true, false, false], [true, false, false]]);
  assert.equal(dayLabel('2026-03-02', new Date(2026, 2, 2, 12)), 'Today');
  assert.equal(dayLabel('2026-03-01', new Date(2026, 2, 2, 12)), 'Yesterday');
}

{
  // The DOM slice of a long thread: a reader at the bottom follows new items, a reader further up does not.
  const items = (n) => Array.from({ length: n }, (_, i) => ({ key: `s${i}`, m: { seq: i }, p: null }));
  const reader = (stick) => ({ stick, jump: false, pendingKeys: new Set() });
  const atBottom = reader(true);
  setSlice(atBottom, items(WINDOW), 0, WINDOW);
  placeSlice(atBottom, items(WINDOW + 5));
  assert.deepEqual([atBottom.lo, atBottom.hi, atBottom.atEnd], [5, WINDOW + 5, true]);
  const above = reader(false);
  setSlice(above, items(WINDOW), 0, WINDOW);
  placeSlice(above, items(WINDOW + 5));
  assert.deepEqual([above.lo, above.hi, above.atEnd], [0, WINDOW, false]);
  assert.equal(growSlice(above, items(WINDOW + 5), { scrollTop: 5_000, scrollHeight: 6_000, clientHeight: 800 }), 'grown');
  assert.deepEqual([above.lo, above.hi, above.atEnd], [5, WINDOW + 5, true]);
}

// --- Accounts and history, two days back --------------------------------------------------------
async function rest(method, path, token, body) {
  const response = await fetch(new URL(path, base), {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = response.status === 204 ? null : await response.json().catch(() => null);
  if (response.status === 503 || response.status === 429) { // shed under load: the server says when to come back
    await new Promise((resolve) => { setTimeout(resolve, data?.retryAfterMs ?? 200); });
    return rest(method, path, token, body);
  }
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(data)}`);
  return data;
}
const PASSWORD = 'correct horse battery';
const users = {};
for (const name of ['ann', 'ben', 'cleo']) {
  const username = `${name}-${suffix}`;
  const { userId } = await rest('POST', '/api/v1/auth/register', null, { username, password: PASSWORD });
  users[name] = { username, userId };
}
async function logInAll() {
  for (const u of Object.values(users)) u.token = (await rest('POST', '/api/v1/auth/login', null, { username: u.username, password: PASSWORD })).accessToken;
}
let sent = 0;
const say = (from, to, content) => rest('POST', '/api/v1/messages', users[from].token, { clientMsgId: `t-${suffix}-${sent++}`, to: users[to].userId, content });
async function clockForwardOneDay() {
  console.log('CLOCK 1');
  await lines.next();
  await logInAll(); // the tokens of the day before have expired
}
const dmId = (a, b) => (users[a].userId < users[b].userId ? `dm:${users[a].userId}:${users[b].userId}` : `dm:${users[b].userId}:${users[a].userId}`);

await logInAll();
await say('cleo', 'ann', 'Two days ago, first');
await say('cleo', 'ann', 'Two days ago, second');
await say('ann', 'cleo', 'My reply, two days ago');
await clockForwardOneDay();
await say('cleo', 'ann', 'Yesterday: one more thing');
await clockForwardOneDay();

const browser = await launch();
async function openPage(name, viewport) {
  const context = await browser.newContext({ viewport, timezoneId: 'UTC', locale: 'en-GB' });
  await context.addInitScript(harness);
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on('dialog', (dialog) => { problems.push(`${name} saw a dialog: ${dialog.message()}`); dialog.dismiss(); });
  page.on('pageerror', (error) => problems.push(`${name} page error: ${error.message}`));
  await page.goto(base);
  await page.fill('#auth-username', users[name].username);
  await page.fill('#auth-password', PASSWORD);
  await page.click('#login-button');
  await page.waitForSelector('#chat:not([hidden])');
  await loadModules(page);
  await page.waitForFunction(() => window.thread.state().status === 'online');
  return { name, context, page };
}
/** The client's own modules, for the test to read its state (the same instances the page uses). */
async function loadModules(page) {
  await page.evaluate(async () => {
    window.thread.modules = { state: await import('/js/state.js'), context: await import('/js/context.js') };
  });
}
const openConversation = async (p, title) => {
  await p.page.click(`#conversation-list button.conversation:has(.conversation-title:text-is("${title}"))`);
  await p.page.waitForFunction((t) => document.getElementById('thread-title').textContent === t, title);
};
const rowsOf = (page) => page.$$eval('#messages > li', (nodes) => nodes.map((n) => ({
  key: n.dataset.key, cls: n.className, text: (n.querySelector('.content') ?? n).textContent, avatar: n.querySelector('.avatar')?.className ?? null,
})));
/** Same row, same place on the screen (within a pixel). */
function assertSamePlace(actual, expected, message) {
  assert.equal(actual?.key, expected.key, message);
  assert.ok(Math.abs(actual.top - expected.top) <= 1, `${message}: ${expected.top} -> ${actual.top}`);
}
const frames = (page, n = 2) => page.evaluate((count) => new Promise((resolve) => {
  const step = (left) => (left === 0 ? resolve() : requestAnimationFrame(() => step(left - 1)));
  step(count);
}), n);

const ann = await openPage('ann', { width: 1280, height: 800 });
let annPhone = null;
let ben = null;
try {
  // --- Conversation basics: day separators, groups, avatars, the unread divider, safe markup ---
  await openConversation(ann, users.cleo.username);
  await ann.page.waitForSelector('#messages li.message .content:text-is("Yesterday: one more thing")');
  let rows = await rowsOf(ann.page);
  const days = rows.filter((r) => r.cls.includes('day-separator')).map((r) => r.text);
  const clock = process.env.THREAD_E2E_NO_CLOCK !== '1';
  if (clock) {
    assert.equal(days.length, 2, `two days, got ${JSON.stringify(rows)}`);
    assert.equal(days[1], 'Yesterday');
    assert.match(days[0], /^[A-Z][a-z]+day \d+ [A-Z][a-z]+$/, 'two days ago: weekday, day and month');
  }
  const messages = rows.filter((r) => r.cls.includes('message'));
  assert.deepEqual(messages.map((r) => [r.text, /\bstart\b/.test(r.cls), r.cls.includes('mine')]), [
    ['Two days ago, first', true, false], ['Two days ago, second', false, false], ['My reply, two days ago', true, true],
    ['Yesterday: one more thing', true, false]]);
  assert.equal(messages[0].avatar, `avatar ${avatarColour(users.cleo.userId)}`, 'the avatar colour comes from the user id');
  assert.equal(await ann.page.locator('#messages li.message.start .avatar').first().textContent(), initials(users.cleo.username));
  assert.ok(rows.findIndex((r) => r.key === 'u') === rows.findIndex((r) => r.text === 'Two days ago, first') - 1, 'never read: the divider is above the first message');

  await ann.page.fill('#new-dm-input', users.ben.username);
  await ann.page.click('#new-dm-form button');
  await ann.page.waitForFunction((t) => document.getElementById('thread-title').textContent === t, users.ben.username);
  const today = [
    'Hello **ann**, the plan is *simple*: run `npm ci`, then read https://example.org/docs?a=1&b=2.',
    '<script>window.pwned = 1</script><img src=x onerror="window.pwned = 2">',
    '```\nconst x = "<b>not bold</b>";\n```',
    `@${users.ann.username} can you look? javascript:alert(1) [x](javascript:alert(2))`,
  ];
  for (const text of today) await say('cleo', 'ann', text);
  await ann.page.waitForFunction(({ t, n }) => [...document.querySelectorAll('#conversation-list button.conversation')]
    .some((b) => b.querySelector('.conversation-title').textContent === t && b.querySelector('.unread')?.textContent === String(n)),
  { t: users.cleo.username, n: today.length });
  await openConversation(ann, users.cleo.username);
  await ann.page.waitForSelector('#messages li.unread-divider');
  rows = await rowsOf(ann.page);
  const divider = rows.findIndex((r) => r.key === 'u');
  if (clock) assert.equal(rows[divider - 1].text, 'Today', 'the day separator, then the divider');
  assert.equal(rows[divider + 1].text, 'Hello ann, the plan is simple: run npm ci, then read https://example.org/docs?a=1&b=2.');
  assert.deepEqual(rows.slice(divider + 1).map((r) => /\bstart\b/.test(r.cls)), [true, false, false, false], 'one sender within minutes: one group');
  assert.ok(await ann.page.$eval('#messages li.unread-divider', (d) => {
    const box = d.getBoundingClientRect();
    const list = d.parentElement.getBoundingClientRect();
    return box.top >= list.top && box.bottom <= list.bottom;
  }), 'opened at the first unread message');
  const first = ann.page.locator('#messages li.message', { hasText: 'Hello ann' });
  assert.equal(await first.locator('.content strong').textContent(), 'ann');
  assert.equal(await first.locator('.content em').textContent(), 'simple');
  assert.equal(await first.locator('.content code').textContent(), 'npm ci');
  const link = first.locator('.content a');
  assert.equal(await link.getAttribute('href'), 'https://example.org/docs?a=1&b=2');
  assert.equal(await link.getAttribute('target'), '_blank');
  assert.equal(await link.getAttribute('rel'), 'noopener noreferrer nofollow');
  assert.equal(await ann.page.locator('#messages li.message .content', { hasText: 'window.pwned' }).textContent(), today[1]);
  assert.equal(await ann.page.locator('#messages pre code').textContent(), 'const x = "<b>not bold</b>";');
  assert.equal(await ann.page.locator('#messages script, #messages img, #messages b, #messages a[href^="javascript"]').count(), 0);
  assert.equal(await ann.page.evaluate(() => window.pwned), undefined);
  const mention = ann.page.locator('#messages li.message.mentions-me .mention.me');
  assert.equal(await mention.textContent(), `@${users.ann.username}`);
  assert.equal(await ann.page.getAttribute('#messages', 'aria-live'), null, 'the list itself is not a live region');
  assert.equal(await ann.page.getAttribute('#thread-announcer', 'aria-live'), 'polite');

  await ann.page.screenshot({ path: `${shots}/thread-desktop-light.png` });
  await ann.page.emulateMedia({ colorScheme: 'dark' });
  assert.equal(await ann.page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor), 'rgb(17, 24, 39)', 'dark mode from prefers-color-scheme');
  await ann.page.screenshot({ path: `${shots}/thread-desktop-dark.png` });
  await ann.page.emulateMedia({ colorScheme: 'light' });

  // The indicator while history loads (the history request held back), then the same on a phone.
  annPhone = await openPage('ann', { width: 390, height: 844 });
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await annPhone.page.route('**/api/v1/conversations/*/messages*', async (route) => { await held; await route.continue(); });
  await annPhone.page.click(`#conversation-list button.conversation:has(.conversation-title:text-is("${users.cleo.username}"))`);
  await annPhone.page.waitForSelector('#messages li.history-edge.loading:text-is("Loading messages…")');
  await annPhone.page.screenshot({ path: `${shots}/thread-loading-phone.png` });
  release();
  await annPhone.page.waitForSelector('#messages li.message .content:text-is("Two days ago, first")');
  assert.equal(await annPhone.page.locator('#messages li.history-edge.loading').count(), 0);
  await annPhone.page.screenshot({ path: `${shots}/thread-phone-light.png` });
  await annPhone.page.emulateMedia({ colorScheme: 'dark' });
  await annPhone.page.screenshot({ path: `${shots}/thread-phone-dark.png` });
  await annPhone.context.close();
  annPhone = null;

  // --- 2,000 messages, arriving while Ann is at the bottom of her conversation with Ben ----------
  ben = await openPage('ben', { width: 800, height: 600 });
  await openConversation(ann, users.ben.username);
  const conversation = dmId('ann', 'ben');
  const TOTAL = 2_000;
  let next = 0;
  const bulk = async () => {
    while (next < TOTAL) {
      const i = next++;
      const from = i % 20 === 19 ? 'ann' : 'ben';
      const text = i % 7 === 0 ? `bulk ${i}: **bold** and \`code\` and https://example.org/${i}` : `bulk ${i}`;
      await say(from, from === 'ann' ? 'ben' : 'ann', text);
    }
  };
  const burstStart = Date.now();
  await Promise.all(Array.from({ length: 16 }, bulk));
  await ann.page.waitForFunction(({ id, n }) => window.thread.state()?.conversations.get(id)?.messages.length >= n, { id: conversation, n: TOTAL }, { timeout: 120_000 });
  figure('burst_2000_seconds', ((Date.now() - burstStart) / 1000).toFixed(1));
  await frames(ann.page);
  const dom = await ann.page.evaluate(() => {
    const list = document.getElementById('messages');
    return { rows: list.children.length, fromBottom: list.scrollHeight - list.scrollTop - list.clientHeight, last: Number([...list.querySelectorAll('li.message[data-seq]')].at(-1).dataset.seq) };
  });
  figure('dom_rows_with_2000_loaded', dom.rows);
  assert.ok(dom.rows <= 400, `windowed: ${dom.rows} rows in the DOM for ${TOTAL} messages`);
  assert.ok(dom.fromBottom < 2, `a reader at the bottom stays there (${dom.fromBottom}px above)`);
  // By seq: the text shown is the markup's, not the raw content (a **bold** message may be the newest).
  const newest = await ann.page.evaluate((id) => window.thread.state().conversations.get(id).messages.at(-1).seq, conversation);
  assert.equal(dom.last, newest);

  // Time to show one incoming message (frame received -> node laid out), 2,000 loaded.
  const renderTimes = [];
  for (let i = 0; i < 21; i++) {
    await say('ben', 'ann', `probe ${i}`);
    renderTimes.push(await ann.page.evaluate((t) => window.thread.rendered(t), `probe ${i}`));
  }
  figure('incoming_render_ms_median', median(renderTimes).toFixed(1));
  figure('incoming_render_ms_p90', percentile(renderTimes, 0.9).toFixed(1));
  assert.ok(median(renderTimes) < 500, `an incoming message took ${median(renderTimes)} ms (median) to show`);
  const cdp = await ann.context.newCDPSession(ann.page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  const slowTimes = [];
  for (let i = 0; i < 11; i++) {
    await say('ben', 'ann', `slow probe ${i}`);
    slowTimes.push(await ann.page.evaluate((t) => window.thread.rendered(t), `slow probe ${i}`));
  }
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  figure('incoming_render_ms_median_cpu_4x_slower', median(slowTimes).toFixed(1));

  // Typing in the composer while Ben's typing notices arrive ten times a second.
  await ann.page.focus('#composer-input');
  await ann.page.evaluate(() => window.thread.watchList());
  const typingBefore = await ann.page.evaluate(() => window.thread.typingFrames());
  const announced = await ann.page.textContent('#thread-announcer');
  await ben.page.evaluate((id) => {
    window.typingTimer = setInterval(() => window.thread.app().ctx.connection.send({ type: 'typing', conversationId: id }), 100);
  }, conversation);
  await ann.page.waitForFunction((n) => document.getElementById('typing').textContent === `${n} is typing…`, users.ben.username);
  await ann.page.evaluate(() => window.thread.measureKeys());
  const phrase = 'The quick brown fox jumps';
  await ann.page.keyboard.type(phrase, { delay: 60 });
  const keys = await ann.page.evaluate(() => window.thread.keyTimes());
  const typingDuring = (await ann.page.evaluate(() => window.thread.typingFrames())) - typingBefore;
  assert.equal(keys.handled.length, phrase.length);
  assert.ok(typingDuring >= 8, `typing notices arrived while typing: ${typingDuring}`);
  figure('keystroke_ms_median', median(keys.handled).toFixed(1));
  figure('keystroke_ms_max', Math.max(...keys.handled).toFixed(1));
  figure('keystroke_to_next_frame_ms_median', median(keys.painted).toFixed(1));
  figure('typing_notices_during_typing', typingDuring);
  assert.ok(median(keys.handled) < 160, `a keystroke took ${median(keys.handled)} ms (median) to handle`);
  assert.equal(await ann.page.inputValue('#composer-input'), phrase);
  assert.equal(await ann.page.evaluate(() => window.thread.listMutations()), 0, 'typing notices must not touch the message list');
  assert.equal(await ann.page.textContent('#thread-announcer'), announced, 'typing notices are not announced as messages');

  // Scrolled back: typing notices and new messages do not move the reader; the button shows.
  const bottomFirst = await ann.page.$eval('#messages', (list) => list.firstElementChild.dataset.key);
  for (let i = 0; i < 4; i++) {
    await ann.page.$eval('#messages', (list) => { list.scrollTop -= list.clientHeight * 2; });
    await frames(ann.page, 3);
  }
  const windowFirst = await ann.page.$eval('#messages', (list) => list.firstElementChild.dataset.key);
  assert.notEqual(windowFirst, bottomFirst, 'scrolling back grows the window upwards');
  const anchor = await ann.page.evaluate(() => window.thread.anchor());
  await ann.page.evaluate(() => window.thread.watchList());
  const noticesAtAnchor = await ann.page.evaluate(() => window.thread.typingFrames());
  await ann.page.waitForFunction((n) => window.thread.typingFrames() >= n + 10, noticesAtAnchor);
  await frames(ann.page);
  assertSamePlace(await ann.page.evaluate(() => window.thread.anchor()), anchor, 'typing notices moved the reader');
  assert.equal(await ann.page.evaluate(() => window.thread.listMutations()), 0);
  assert.equal(await ann.page.isHidden('#new-messages'), true);
  await ben.page.evaluate(() => clearInterval(window.typingTimer));
  for (let i = 1; i <= 3; i++) await say('ben', 'ann', `while you read ${i}`);
  await ann.page.waitForFunction((id) => window.thread.state().conversations.get(id).messages.at(-1).content === 'while you read 3', conversation);
  await frames(ann.page);
  assert.equal(await ann.page.isVisible('#new-messages'), true, 'the "↓ New messages" button');
  assertSamePlace(await ann.page.evaluate(() => window.thread.anchor()), anchor, 'new messages moved the reader');
  assert.match(await ann.page.textContent('#thread-announcer'), /while you read 3/);
  figure('window_first_row_when_scrolled_back', windowFirst);
  await ann.page.screenshot({ path: `${shots}/thread-new-messages-desktop.png` });
  await ann.page.click('#new-messages');
  await ann.page.waitForFunction(() => {
    const list = document.getElementById('messages');
    return [...list.querySelectorAll('li.message .content')].at(-1)?.textContent === 'while you read 3'
      && list.scrollHeight - list.scrollTop - list.clientHeight < 2 && document.getElementById('new-messages').hidden;
  });

  // A message sent from here keeps its node from "Sending…" to sent.
  await ann.page.evaluate(() => {
    new MutationObserver((records, observer) => {
      const node = records.flatMap((r) => [...r.addedNodes]).find((n) => n.dataset?.clientMsgId);
      if (node) {
        node.sentFromHere = true;
        observer.disconnect();
      }
    }).observe(document.getElementById('messages'), { childList: true });
  });
  await ann.page.fill('#composer-input', 'sent from the **composer**');
  await ann.page.press('#composer-input', 'Enter');
  await ann.page.waitForFunction(() => {
    const node = document.querySelector('#messages > li:last-child');
    return node.dataset.status === 'sent' && node.querySelector('.content').textContent === 'sent from the composer';
  });
  assert.equal(await ann.page.$eval('#messages > li:last-child', (n) => n.sentFromHere === true && n.dataset.clientMsgId === undefined
    && n.querySelector('.content strong').textContent === 'composer'), true, 'the pending node became the sent one');

  // A selection and the composer's focus survive an incoming message.
  await ann.page.fill('#composer-input', 'half-written');
  const selected = await ann.page.evaluate(() => {
    const contents = [...document.querySelectorAll('#messages li.message .content')];
    const range = document.createRange();
    range.selectNodeContents(contents.at(-2));
    getSelection().removeAllRanges();
    getSelection().addRange(range);
    return getSelection().toString();
  });
  await ann.page.focus('#composer-input');
  await say('ben', 'ann', 'after your selection');
  await ann.page.evaluate((t) => window.thread.rendered(t), 'after your selection');
  assert.deepEqual(await ann.page.evaluate(() => ({
    text: getSelection().toString(), connected: getSelection().anchorNode?.isConnected, focus: document.activeElement.id,
    value: document.getElementById('composer-input').value,
  })), { text: selected, connected: true, focus: 'composer-input', value: 'half-written' });

  // Scrolling back through pages from the server keeps the reader's place (reload: newest 50 only).
  await ann.page.reload();
  await ann.page.waitForSelector('#chat:not([hidden])');
  await loadModules(ann.page);
  await openConversation(ann, users.ben.username);
  await ann.page.waitForSelector('#messages li.message .content:text-is("after your selection")');
  for (let page = 1; page <= 3; page++) {
    const loaded = await ann.page.evaluate((id) => window.thread.state().conversations.get(id).messages.length, conversation);
    const before = await ann.page.evaluate(() => {
      document.getElementById('messages').scrollTop = 0;
      return window.thread.anchor();
    });
    await ann.page.waitForFunction(({ id, n }) => window.thread.state().conversations.get(id).messages.length > n, { id: conversation, n: loaded });
    await ann.page.waitForSelector('#messages li.history-edge.loading', { state: 'detached' });
    await frames(ann.page, 3);
    const after = await ann.page.evaluate((key) => {
      const node = document.querySelector(`#messages > li[data-key="${key}"]`);
      const list = document.getElementById('messages');
      return node ? { key, top: node.getBoundingClientRect().top - list.getBoundingClientRect().top } : null;
    }, before.key);
    const keysNow = await ann.page.$$eval('#messages > li', (nodes) => nodes.map((n) => n.dataset.key));
    assertSamePlace(after, before, `older page ${page} moved the reader (${keysNow.length} rows: ${keysNow.slice(0, 4)} … ${keysNow.slice(-3)})`);
  }

  assert.deepEqual(problems, []);
  console.log(`FIGURES ${JSON.stringify(figures)}`);
  console.log('BROWSER TESTS PASSED');
} catch (error) {
  await ann.page.screenshot({ path: `${shots}/failure-thread-ann.png` }).catch(() => {});
  await ben?.page.screenshot({ path: `${shots}/failure-thread-ben.png` }).catch(() => {});
  await annPhone?.page.screenshot({ path: `${shots}/failure-thread-ann-phone.png` }).catch(() => {});
  console.error(error);
  console.error(problems.join('\n'));
  process.exitCode = 1;
} finally {
  await browser.close();
  process.exit(process.exitCode ?? 0);
}
