// Two people chat through the web client in the system's Chromium. Run by BrowserIT:
//   node chat.e2e.mjs <base-url> <screenshot-dir>
// To drop a user's connection on the server side it prints "DROP <userId>" and waits for a line on stdin.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { contents, launch, openConversation, person as open, send, signUp, startDirect, unreadOf, waitForMessage } from './people.mjs';

const [base, shots] = process.argv.slice(2);
mkdirSync(shots, { recursive: true });
const stdin = createInterface({ input: process.stdin });
const lines = stdin[Symbol.asyncIterator]();
const suffix = Date.now().toString(36).slice(-5);
const problems = [];

const browser = await launch();
const person = (name, viewport) => open(browser, problems, `${name}-${suffix}`, viewport, base);

const alice = await person('alice', { width: 1280, height: 800 });
const bob = await person('bob', { width: 390, height: 844 });
try {
  await alice.page.screenshot({ path: `${shots}/login-desktop.png` });

  // Accounts: sign-up, a taken name, a wrong password, an expired session.
  await signUp(alice);
  await bob.page.fill('#auth-username', alice.name);
  await bob.page.fill('#auth-password', 'whatever-password');
  await bob.page.click('#signup-button');
  await bob.page.waitForFunction(() => document.getElementById('auth-error').textContent.includes('already taken'));
  await bob.page.click('#login-button');
  await bob.page.waitForFunction(() => document.getElementById('auth-error').textContent === 'Wrong username or password.');
  await signUp(bob);

  // A direct message: pending, then confirmed; unread on the other side; read receipt back.
  await startDirect(alice, bob.name);
  await send(alice, 'Hello Bob');
  await alice.page.waitForSelector('#messages li.message.mine[data-status="sent"] .content:text-is("Hello Bob")');
  await bob.page.waitForSelector(`#conversation-list .conversation-title:text-is("${alice.name}")`);
  await bob.page.waitForFunction(() => document.querySelector('#conversation-list .unread')?.textContent === '1');
  await bob.page.screenshot({ path: `${shots}/conversations-phone.png` });
  await openConversation(bob, alice.name);
  await waitForMessage(bob, 'Hello Bob');
  // Presence: a dot and a line under the title; the other side is online.
  await bob.page.waitForFunction(() => document.getElementById('thread-presence').textContent === 'online');
  await bob.page.waitForSelector('#conversation-list .presence-dot.online', { state: 'attached' });
  await alice.page.waitForSelector('#messages li.message.mine .seen:text-is("Seen")');

  // Typing, and a reply over two lines (Shift+Enter).
  await bob.page.type('#composer-input', 'Hi');
  await alice.page.waitForFunction((n) => document.getElementById('typing').textContent === `${n} is typing…`, bob.name);
  await bob.page.keyboard.down('Shift');
  await bob.page.keyboard.press('Enter');
  await bob.page.keyboard.up('Shift');
  await bob.page.type('#composer-input', 'Alice');
  await bob.page.press('#composer-input', 'Enter');
  await waitForMessage(alice, 'Hi\nAlice');

  // Script in a message is shown as text, never run; attachment links are links.
  const hostile = '<img src=x onerror=alert(1)>';
  await send(alice, hostile);
  await waitForMessage(bob, hostile);
  assert.equal(await bob.page.locator('#messages img').count(), 0, 'a message must not become an <img>');
  await alice.page.fill('#attachment-input', 'https://example.org/cat.png');
  await send(alice, 'a picture');
  await bob.page.waitForSelector('#messages a.attachment[href="https://example.org/cat.png"]');

  // A room: created by Alice, found and joined by Bob in the directory, messages both ways.
  const room = `lobby-${suffix}`;
  await alice.page.fill('#join-room-input', room);
  await alice.page.click('#join-room-form button');
  await alice.page.waitForFunction((t) => document.getElementById('thread-title').textContent === t, `# ${room}`);
  await bob.page.click('#back-button');
  await bob.page.click('#room-browser summary');
  await bob.page.click(`#room-list li:has-text("# ${room}") button`);
  await bob.page.waitForFunction((t) => document.getElementById('thread-title').textContent === t, `# ${room}`);
  await send(bob, 'Bob in the room');
  await waitForMessage(alice, 'Bob in the room');
  await send(alice, 'Welcome, Bob');
  await waitForMessage(bob, 'Welcome, Bob');
  await alice.page.screenshot({ path: `${shots}/room-desktop.png` });
  await bob.page.screenshot({ path: `${shots}/room-phone.png` });

  // Bob loses his connection (dropped by the server, then his network stays down for a while):
  // the client shows it, and what Alice sends meanwhile appears exactly once, in order, after it reconnects.
  await bob.page.click('#back-button');
  await openConversation(bob, alice.name);
  await bob.page.waitForFunction(() => document.getElementById('banner').hidden);
  console.log(`DROP ${bob.userId}`); // the server drops the connection first (going offline may close it too)...
  await lines.next();
  await bob.context.setOffline(true); // ...then the network stays down, so reconnecting fails for a while
  await bob.page.waitForSelector('#banner[data-status="offline"]:not([hidden])');
  await bob.page.screenshot({ path: `${shots}/reconnecting-phone.png` });
  await alice.page.click(`#conversation-list button.conversation:has(.conversation-title:text-is("${bob.name}"))`);
  for (const n of [1, 2, 3]) {
    await send(alice, `while you were away ${n}`);
    await alice.page.waitForSelector(`#messages li.message[data-status="sent"] .content:text-is("while you were away ${n}")`);
  }
  await alice.page.click(`#conversation-list button.conversation:has(.conversation-title:text-is("# ${room}"))`);
  await send(alice, 'room message while away');
  await alice.page.waitForSelector('#messages li.message[data-status="sent"] .content:text-is("room message while away")');
  await bob.context.setOffline(false);
  await bob.page.waitForFunction(() => document.getElementById('banner').hidden, null, { timeout: 30_000 });
  await waitForMessage(bob, 'while you were away 3');
  const seen = (await contents(bob)).filter((t) => t.startsWith('while you were away'));
  assert.deepEqual(seen, ['while you were away 1', 'while you were away 2', 'while you were away 3']);
  await bob.page.click('#back-button');
  await bob.page.waitForFunction((t) => {
    const b = [...document.querySelectorAll('#conversation-list button.conversation')].find((x) => x.querySelector('.conversation-title').textContent === t);
    return b && b.querySelector('.unread')?.textContent === '1';
  }, `# ${room}`);
  assert.equal(await unreadOf(bob, alice.name), 0);
  await openConversation(bob, `# ${room}`);
  await waitForMessage(bob, 'room message while away');
  assert.equal((await contents(bob)).filter((t) => t === 'room message while away').length, 1);

  // Scrolling up loads older history: 60 messages in a room Bob joins afterwards.
  const archive = `archive-${suffix}`;
  await alice.page.fill('#join-room-input', archive);
  await alice.page.click('#join-room-form button');
  await alice.page.waitForFunction((t) => document.getElementById('thread-title').textContent === t, `# ${archive}`);
  await alice.page.evaluate(async (roomName) => {
    const token = localStorage.getItem('parley.token');
    for (let i = 1; i <= 60; i++) {
      await fetch('/api/v1/messages', {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ clientMsgId: `old-${i}`, conversationId: `room:${roomName}`, content: `old ${i}` }),
      });
    }
  }, archive);
  await bob.page.click('#back-button');
  await bob.page.fill('#join-room-input', archive);
  await bob.page.click('#join-room-form button');
  await waitForMessage(bob, 'old 60');
  assert.equal((await contents(bob)).length, 50);
  await bob.page.$eval('#messages', (list) => { list.scrollTop = 0; });
  await waitForMessage(bob, 'old 1');
  assert.deepEqual(await contents(bob), Array.from({ length: 60 }, (_, i) => `old ${i + 1}`));

  // Leaving a room (once confirmed) takes it off the list.
  await bob.page.click('#leave-button');
  await bob.page.click('#confirm-dialog[open] #confirm-ok');
  await bob.page.waitForFunction((t) => ![...document.querySelectorAll('#conversation-list .conversation-title')]
    .some((n) => n.textContent === t), `# ${archive}`);

  // A message the server refuses for good shows Discard, and no Retry (which could never succeed).
  await alice.page.click(`#conversation-list button.conversation:has(.conversation-title:text-is("${bob.name}"))`);
  await alice.page.waitForSelector('#messages li.message .content:text-is("while you were away 3")');
  await alice.page.screenshot({ path: `${shots}/direct-desktop.png` });
  await send(alice, 'x'.repeat(16_385));
  await alice.page.waitForSelector('#messages li.message[data-status="failed"] button.discard');
  assert.equal(await alice.page.locator('#messages li.message[data-status="failed"] button.retry').count(), 0);

  // An expired session sends the user back to the login form with a clear message.
  await bob.page.evaluate(() => localStorage.setItem('parley.token', 'expired.or.forged'));
  await bob.page.reload();
  await bob.page.waitForFunction(() => document.getElementById('auth-error').textContent.includes('session expired'));
  // Bob is gone: once the debounce has passed, Alice sees when he was last seen.
  await alice.page.waitForSelector('#conversation-list .presence-dot[title^="last seen"]', { state: 'attached', timeout: 20_000 });
  // Refreshing gives a new access token that works; the refresh token (an HttpOnly cookie) is out of the page's reach.
  const before = await alice.page.evaluate(() => localStorage.getItem('parley.token'));
  const refreshed = await alice.page.evaluate(async (token) => {
    const { refresh } = await import('/js/context.js');
    return refresh(token);
  }, before);
  assert.equal(refreshed, true);
  const after = [await alice.page.evaluate(() => localStorage.getItem('parley.token'))];
  assert.notEqual(after[0], before);
  assert.equal(await alice.page.evaluate(() => document.cookie.includes('parley_refresh')), false);
  assert.equal((await alice.context.cookies()).filter((c) => c.name === 'parley_refresh' && c.httpOnly).length, 1);
  // Logging out revokes the token on the server, not just in the page.
  await alice.page.click('#logout-button');
  await alice.page.waitForSelector('#auth:not([hidden])');
  assert.equal(await alice.page.evaluate(() => localStorage.getItem('parley.token')), null);
  for (let i = 0; (await alice.context.cookies()).some((c) => c.name === 'parley_refresh'); i++) { // cleared by the logout's answer
    assert.ok(i < 100, 'logout clears the refresh cookie');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const revoked = await alice.page.evaluate(async (token) => {
    for (let i = 0; i < 50; i++) {
      const response = await fetch('/api/v1/users/me', { headers: { Authorization: `Bearer ${token}` } });
      if (response.status === 401) return (await response.json()).code;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return 'still accepted';
  }, after[0]);
  assert.equal(revoked, 'token_revoked');

  assert.deepEqual(problems, []);
  console.log('BROWSER TESTS PASSED');
} catch (error) {
  await alice.page.screenshot({ path: `${shots}/failure-alice.png` }).catch(() => {});
  await bob.page.screenshot({ path: `${shots}/failure-bob.png` }).catch(() => {});
  console.error(error);
  console.error(problems.join('\n'));
  process.exitCode = 1;
} finally {
  stdin.close();
  await browser.close();
}
