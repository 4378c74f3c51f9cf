// Sessions, navigation and attention in the web client, in the system's Chromium. Run by SessionBrowserIT:
//   node session.e2e.mjs <base-url> <screenshot-dir>
// The node's access tokens live one minute and its clock is the test's: to make every token expire
// at once the script prints "EXPIRE" and waits for a line on stdin.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { launch, openConversation, send, signUp, startDirect, waitForMessage } from './people.mjs';

const [base, shots] = process.argv.slice(2);
mkdirSync(shots, { recursive: true });
const stdin = createInterface({ input: process.stdin });
const lines = stdin[Symbol.asyncIterator]();
const suffix = Date.now().toString(36).slice(-5);
const problems = [];
// While the test jumps the node's clock, a token renewed just before a jump is expired by it: an
// upgrade with it is refused (a console error) and the client renews again, which the rounds check.
let clockJumps = false;
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

const browser = await launch();

/** Page errors, dialogs and console errors (a blocked resource included) are problems, except refused requests (401, 403 are part of the story). */
function watch(name, page) {
  page.setDefaultTimeout(15_000);
  page.on('dialog', (dialog) => { problems.push(`${name} saw a dialog: ${dialog.message()}`); dialog.dismiss(); });
  page.on('pageerror', (error) => problems.push(`${name} page error: ${error.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error' || /^Failed to load resource: the server responded with a status of 40[13]/.test(m.text())) return;
    if (clockJumps && /^WebSocket connection to .* failed: HTTP Authentication failed/.test(m.text())) return;
    problems.push(`${name} console: ${m.text()}`);
  });
  return page;
}

async function person(name, viewport, init) {
  const context = await browser.newContext({ viewport });
  if (init) await init(context);
  const page = watch(name, await context.newPage());
  await page.goto(base);
  return { name: `${name}-${suffix}`, context, page };
}

// The tab is "hidden" and notifications are recorded: headless Chromium keeps every page visible,
// so the test switches document.visibilityState itself; Notification is the real one, wrapped.
async function hiddenAndNotified(context) {
  await context.grantPermissions(['notifications'], { origin: new URL(base).origin });
  await context.addInitScript(() => {
    let hidden = false;
    Object.defineProperty(Document.prototype, 'visibilityState', { configurable: true, get: () => (hidden ? 'hidden' : 'visible') });
    Object.defineProperty(Document.prototype, 'hidden', { configurable: true, get: () => hidden });
    window.setTestHidden = (value) => { hidden = value; document.dispatchEvent(new Event('visibilitychange')); };
    window.notifications = [];
    const Real = window.Notification;
    window.Notification = class extends Real {
      constructor(title, options) {
        super(title, options);
        window.notifications.push({ title, body: options?.body, tag: options?.tag });
      }
    };
  });
}

/** Polls `condition` (for what no page event tells, like the cookie jar) until true, or fails after `ms`. */
async function eventually(what, condition, ms = 10_000) {
  for (const end = Date.now() + ms; !(await condition());) {
    if (Date.now() > end) throw new Error(`still not: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const token = (p) => p.evaluate(() => localStorage.getItem('parley.token'));
const title = (p) => p.evaluate(() => document.getElementById('thread-title').textContent);
const composer = (p) => p.$eval('#composer-input', (n) => n.value);
const waitTitle = (p, t) => p.waitForFunction((x) => document.getElementById('thread-title').textContent === x, t);
const conversationButton = (t) => `#conversation-list button.conversation:has(.conversation-title:text-is("${t}"))`;

const alice = await person('alice', DESKTOP);
const bob = await person('bob', PHONE, hiddenAndNotified);
let kim = null;
try {
  // One login for the browser: a second tab opens already signed in.
  await signUp(alice);
  const tab2 = watch('alice-tab2', await alice.context.newPage());
  await tab2.goto(base);
  await tab2.waitForSelector('#chat:not([hidden])');
  assert.equal(await tab2.evaluate(() => document.getElementById('me').textContent), `Signed in as ${alice.name}`);
  assert.equal(await alice.page.evaluate(() => document.cookie.includes('parley_refresh')), false, 'the refresh cookie is HttpOnly');
  await signUp(bob);

  // A direct conversation and a room both are in.
  await startDirect(alice, bob.name);
  await send(alice, 'hello bob');
  await waitForMessage(alice, 'hello bob');
  const dmId = await alice.page.evaluate(() => decodeURIComponent(location.hash.slice(4)));
  assert.match(dmId, /^dm:/, 'the URL names the open conversation');
  const room = `team-${suffix}`;
  await alice.page.fill('#join-room-input', room);
  await alice.page.click('#join-room-form button');
  await waitTitle(alice.page, `# ${room}`);
  await bob.page.waitForSelector(conversationButton(alice.name));
  await bob.page.fill('#join-room-input', room);
  await bob.page.click('#join-room-form button');
  await waitTitle(bob.page, `# ${room}`);
  await send(bob, 'bob was here');
  await waitForMessage(alice, 'bob was here');

  // A draft per conversation: what is typed for Bob stays with Bob, across switching and reload.
  await openConversation(alice, bob.name);
  await alice.page.fill('#composer-input', 'draft for bob');
  await openConversation(alice, `# ${room}`);
  assert.equal(await composer(alice.page), '', 'the room does not get the DM draft');
  await alice.page.fill('#composer-input', 'room draft');
  await openConversation(alice, bob.name);
  assert.equal(await composer(alice.page), 'draft for bob');
  await openConversation(alice, `# ${room}`);
  assert.equal(await composer(alice.page), 'room draft');
  await alice.page.press('#composer-input', 'Enter');
  await waitForMessage(bob, 'room draft');
  assert.equal(await composer(alice.page), '', 'a sent draft is gone');
  await openConversation(alice, bob.name);
  assert.equal(await composer(alice.page), 'draft for bob');
  await alice.page.screenshot({ path: `${shots}/draft-desktop.png` });

  // Deep link and reload land in the conversation, with its draft.
  await alice.page.reload();
  await waitTitle(alice.page, bob.name);
  await waitForMessage(alice, 'hello bob');
  assert.equal(await composer(alice.page), 'draft for bob');
  const other = watch('alice-link', await alice.context.newPage());
  await other.goto(`${base}#/c/${encodeURIComponent(`room:${room}`)}`);
  await waitTitle(other, `# ${room}`);
  await waitForMessage({ page: other }, 'bob was here');
  await other.close();

  // Back and Forward move between conversations, never out of the app.
  await openConversation(alice, `# ${room}`);
  await alice.page.goBack();
  await waitTitle(alice.page, bob.name);
  await alice.page.goForward();
  await waitTitle(alice.page, `# ${room}`);
  await bob.page.click('#back-button'); // phone: the list...
  await bob.page.waitForSelector('#sidebar', { state: 'visible' });
  await bob.page.goBack(); // ...and Back returns to the conversation
  await waitTitle(bob.page, `# ${room}`);
  await bob.page.waitForSelector('#composer', { state: 'visible' });

  // A link to a conversation Alice is not in says so, and offers Join for a room.
  const secret = `secret-${suffix}`;
  await bob.page.click('#back-button');
  await bob.page.fill('#join-room-input', secret);
  await bob.page.click('#join-room-form button');
  await waitTitle(bob.page, `# ${secret}`);
  await bob.page.click('#back-button');
  await openConversation(bob, `# ${room}`);
  await alice.page.goto(`${base}#/c/${encodeURIComponent(`room:${secret}`)}`);
  await alice.page.waitForSelector('#thread-notice:not([hidden])');
  assert.equal(await alice.page.textContent('#notice-title'), `You are not in # ${secret}`);
  await alice.page.screenshot({ path: `${shots}/link-not-member-desktop.png` });
  await alice.page.goto(`${base}#/c/${encodeURIComponent(`dm:00000000-0000-4000-8000-000000000001:00000000-0000-4000-8000-000000000002`)}`);
  await alice.page.waitForFunction(() => document.getElementById('notice-title')?.textContent === 'Not your conversation');
  await alice.page.goto(`${base}#/c/nonsense`);
  await alice.page.waitForFunction(() => document.getElementById('notice-title')?.textContent === 'No such conversation');
  assert.equal(await alice.page.isVisible('#composer'), false);
  await alice.page.goBack();
  await alice.page.waitForFunction(() => document.getElementById('notice-title')?.textContent === 'Not your conversation');
  await alice.page.goBack();
  await alice.page.click('#thread-notice button');
  await waitTitle(alice.page, `# ${secret}`);
  await alice.page.waitForSelector('#thread-notice', { state: 'hidden' });

  // Leave room asks first: Escape keeps the room, Leave room leaves it (and the URL forgets it).
  await alice.page.click('#leave-button');
  await alice.page.waitForSelector('#confirm-dialog[open]');
  await alice.page.screenshot({ path: `${shots}/leave-confirm-desktop.png` });
  await alice.page.keyboard.press('Escape');
  await alice.page.waitForSelector('#confirm-dialog', { state: 'hidden' });
  assert.equal(await title(alice.page), `# ${secret}`);
  await alice.page.waitForSelector(conversationButton(`# ${secret}`));
  await alice.page.click('#leave-button');
  await alice.page.click('#confirm-dialog[open] #confirm-ok');
  await alice.page.waitForSelector(conversationButton(`# ${secret}`), { state: 'detached' });
  assert.equal(await alice.page.evaluate(() => location.hash), '#/');

  // The phone composer: one line beside Send, growing with what is typed.
  const textFits = () => bob.page.$eval('#composer-input', (n) => n.scrollHeight <= n.clientHeight && n.clientHeight >= 20);
  const composerHeight = (await bob.page.locator('#composer').boundingBox()).height;
  console.log(`phone composer height: ${composerHeight.toFixed(0)} px of 844`);
  assert.ok(composerHeight <= 70, `phone composer ${composerHeight} px`);
  assert.ok(await textFits(), 'the placeholder is not cut off');
  await bob.page.screenshot({ path: `${shots}/composer-phone.png` });
  await bob.page.fill('#composer-input', 'one\ntwo\nthree');
  assert.ok(await textFits(), 'three lines show whole');
  assert.ok((await bob.page.locator('#composer').boundingBox()).height > composerHeight + 20, 'the composer grew');
  await bob.page.fill('#composer-input', '');
  assert.equal((await bob.page.locator('#composer').boundingBox()).height, composerHeight, 'and shrinks back');

  // @mentions: autocomplete from the room's participants, with the keyboard.
  await openConversation(alice, `# ${room}`);
  await alice.page.click('#composer-input');
  await alice.page.keyboard.type(`@${bob.name.slice(0, 2)}`);
  await alice.page.waitForSelector('#mention-list:not([hidden]) [role="option"][aria-selected="true"]');
  await alice.page.keyboard.press('Escape');
  await alice.page.waitForSelector('#mention-list', { state: 'hidden' });
  assert.equal(await composer(alice.page), `@${bob.name.slice(0, 2)}`, 'Escape closes the list and keeps the text');
  await alice.page.fill('#composer-input', '');

  // Bob's tab is hidden: a room message without his name does not notify, one with it does, a DM does.
  await bob.page.evaluate(() => window.setTestHidden(true));
  await send(alice, 'no mention here');
  await waitForMessage(bob, 'no mention here');
  await alice.page.click('#composer-input');
  await alice.page.keyboard.type(`look @${bob.name.slice(0, 3)}`);
  const option = alice.page.locator('#mention-list [role="option"][aria-selected="true"]');
  assert.equal(await option.textContent(), `@${bob.name}`);
  await alice.page.screenshot({ path: `${shots}/mention-autocomplete-desktop.png` });
  await alice.page.keyboard.press('ArrowDown');
  await alice.page.keyboard.press('Enter'); // picks, does not send
  assert.equal(await composer(alice.page), `look @${bob.name} `);
  await alice.page.keyboard.type('here');
  await alice.page.keyboard.press('Enter');
  await waitForMessage(bob, `look @${bob.name} here`);
  await openConversation(alice, bob.name);
  await alice.page.fill('#composer-input', 'psst');
  await alice.page.press('#composer-input', 'Enter');
  await bob.page.waitForFunction(() => window.notifications.length >= 2);
  const notes = await bob.page.evaluate(() => window.notifications);
  assert.deepEqual(notes.map((n) => [n.title, n.body]), [[`${alice.name} in # ${room}`, `look @${bob.name} here`], [alice.name, 'psst']]);
  // The tab title counts what is unread (two in the room, and "hello bob" and "psst"), and the favicon has a dot.
  await bob.page.waitForFunction((r) => document.title === `(4) # ${r} · Parley`, room);
  assert.equal(await bob.page.getAttribute('#favicon', 'href'), '/favicon-unread.svg');
  assert.deepEqual(await bob.page.evaluate(async () => Promise.all(['/favicon.svg', '/favicon-unread.svg']
    .map((icon) => fetch(icon).then((r) => `${r.status} ${r.headers.get('content-type')}`)))), ['200 image/svg+xml', '200 image/svg+xml']);
  await bob.page.evaluate(() => window.setTestHidden(false)); // back to the room: its two are read, the DM's are not
  await bob.page.waitForFunction((r) => document.title === `(2) # ${r} · Parley`, room);
  await bob.page.click('#back-button');
  await openConversation(bob, alice.name);
  await bob.page.waitForFunction((a) => document.title === `${a} · Parley`, alice.name);
  assert.equal(await bob.page.getAttribute('#favicon', 'href'), '/favicon.svg');
  assert.equal(await bob.page.isVisible('#notify-button'), false, 'permission already granted: no button');
  assert.equal(await alice.page.isVisible('#notify-button'), true, 'permission not asked yet: the button offers it');

  // Two tabs, one login, the access token renewed many times: each expiry is renewed once, by one
  // tab, and neither is logged out (a refresh token presented twice would end the login).
  await tab2.goto(`${base}#/c/${encodeURIComponent(dmId)}`);
  await waitTitle(tab2, bob.name);
  const sockets = { one: [], two: [] };
  alice.page.on('websocket', (ws) => sockets.one.push(ws.url()));
  tab2.on('websocket', (ws) => sockets.two.push(ws.url()));
  const refreshes = [];
  alice.context.on('response', (r) => { if (r.url().endsWith('/api/v1/auth/refresh')) refreshes.push(r.status()); });
  const ROUNDS = 6;
  clockJumps = true;
  for (let round = 0; round <= ROUNDS; round++) {
    if (round === 1) refreshes.length = 0; // round 0 lines the renewal clock up; the count starts after it
    const before = await token(alice.page);
    console.log('EXPIRE');
    await lines.next();
    for (const [page, list] of [[alice.page, sockets.one], [tab2, sockets.two]]) {
      await page.waitForFunction((t) => localStorage.getItem('parley.token') !== t, before, { timeout: 20_000 });
      const now = await token(page);
      await page.waitForFunction(() => document.getElementById('banner').hidden, null, { timeout: 20_000 });
      while (!list.some((url) => url.includes(encodeURIComponent(now)))) {
        await page.waitForEvent('websocket', { timeout: 20_000 }).catch(async (e) => {
          const tail = (t) => t?.slice(-8);
          throw new Error(`round ${round}: token ${tail(now)}, now ${tail(await token(page))}, sockets ${list.map((u) => tail(decodeURIComponent(u.slice(u.indexOf('token=') + 6))))}, refreshes ${refreshes}`, { cause: e });
        });
      }
    }
    await send(alice, `round ${round} from tab 1`);
    await send({ page: tab2 }, `round ${round} from tab 2`);
    await waitForMessage(bob, `round ${round} from tab 2`);
    await waitForMessage(bob, `round ${round} from tab 1`);
  }
  clockJumps = false;
  console.log(`token renewals over ${ROUNDS} expiries of the shared token: ${refreshes.length} (${refreshes.join(', ')})`);
  assert.ok(refreshes.every((s) => s === 200), `every renewal worked: ${refreshes}`);
  assert.equal(refreshes.length, ROUNDS, 'one renewal per expiry for both tabs');
  assert.equal(await alice.page.isVisible('#chat'), true);
  assert.equal(await tab2.isVisible('#chat'), true);

  // Logging out in one tab logs out the other, quietly; logging in again signs both in.
  await tab2.click('#logout-button');
  await alice.page.waitForSelector('#auth:not([hidden])');
  assert.equal(await alice.page.textContent('#auth-error'), '');
  await eventually('logout cleared the cookie', async () => !(await alice.context.cookies()).some((c) => c.name === 'parley_refresh'));
  await alice.page.screenshot({ path: `${shots}/logged-out-elsewhere-desktop.png` });
  await alice.page.fill('#auth-username', alice.name);
  await alice.page.fill('#auth-password', 'correct horse battery');
  await alice.page.click('#login-button');
  await tab2.waitForSelector('#chat:not([hidden])');
  await waitTitle(alice.page, bob.name); // the URL still named the conversation

  // Keyboard only: log in, open a conversation from the list and send, never touching the mouse.
  const kimName = `kim-${suffix}`;
  const registered = await fetch(new URL('/api/v1/auth/register', base), {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: kimName, password: 'correct horse battery' }),
  });
  assert.equal(registered.status, 201);
  for (const p of [alice.page, bob.page]) {
    await p.evaluate(async (to) => {
      const response = await fetch('/api/v1/messages', {
        method: 'POST',
        headers: { Authorization: `Bearer ${localStorage.getItem('parley.token')}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ clientMsgId: crypto.randomUUID(), to, content: 'hi kim' }),
      });
      if (response.status !== 202) throw new Error(`send to kim: ${response.status}`);
    }, kimName);
  }
  kim = await person('kim', DESKTOP);
  kim.name = kimName;
  const focused = () => kim.page.evaluate(() => {
    const e = document.activeElement;
    const style = getComputedStyle(e);
    return { id: e.id, text: e.textContent, visible: e.matches(':focus-visible') && style.outlineStyle !== 'none' && style.outlineWidth !== '0px' };
  });
  assert.equal((await focused()).id, 'auth-username');
  await kim.page.keyboard.type(kimName);
  await kim.page.keyboard.press('Tab');
  await kim.page.keyboard.type('correct horse battery');
  await kim.page.keyboard.press('Enter');
  await kim.page.waitForSelector('#chat:not([hidden])');
  await kim.page.waitForFunction(() => document.querySelectorAll('#conversation-list button.conversation').length === 2);
  await kim.page.waitForFunction(() => document.activeElement.matches('button.conversation'));
  for (let i = 0; i < 3 && !(await focused()).text.includes(alice.name); i++) await kim.page.keyboard.press('ArrowDown');
  const onAlice = await focused();
  assert.ok(onAlice.text.includes(alice.name), `focus on Alice's conversation: ${onAlice.text}`);
  assert.ok(onAlice.visible, 'the conversation shows its focus');
  await kim.page.screenshot({ path: `${shots}/keyboard-focus-desktop.png` });
  await kim.page.keyboard.press('Enter');
  await waitTitle(kim.page, alice.name);
  assert.equal((await focused()).id, 'composer-input');
  await kim.page.keyboard.type('sent with the keyboard only');
  await kim.page.keyboard.press('Enter');
  await kim.page.waitForSelector('#messages li.message[data-status="sent"] .content:text-is("sent with the keyboard only")');
  await tab2.waitForSelector(`${conversationButton(kimName)} .conversation-preview:text-is("${kimName}: sent with the keyboard only")`);
  // The skip links come first when going back with Shift+Tab, and take focus where they say.
  for (let i = 0; i < 30 && (await focused()).id !== 'skip-to-list'; i++) await kim.page.keyboard.press('Shift+Tab');
  assert.equal((await focused()).id, 'skip-to-list');
  assert.ok((await focused()).visible, 'the skip link shows its focus');
  await kim.page.keyboard.press('Tab');
  assert.equal((await focused()).id, 'skip-to-composer');
  await kim.page.keyboard.press('Enter');
  assert.equal((await focused()).id, 'composer-input');

  // Presence: Alice sees Bob online in the list, and when he was last seen once he is gone.
  await alice.page.waitForSelector(`${conversationButton(bob.name)} .presence-dot.online`, { state: 'attached' });
  await bob.context.close();
  await alice.page.waitForSelector(`${conversationButton(bob.name)} .conversation-seen`, { timeout: 20_000 });
  assert.match(await alice.page.textContent(`${conversationButton(bob.name)} .conversation-seen`), /^last seen /);
  await alice.page.screenshot({ path: `${shots}/presence-desktop.png` });

  assert.deepEqual(problems, []);
  console.log('BROWSER TESTS PASSED');
} catch (error) {
  for (const p of [alice, bob, kim]) await p?.page.screenshot({ path: `${shots}/session-failure-${p.name.split('-')[0]}.png` }).catch(() => {});
  console.error(error);
  console.error(problems.join('\n'));
  process.exitCode = 1;
} finally {
  stdin.close();
  await browser.close();
}
