// An honest connection: a dead network is noticed and shown, and nothing written meanwhile is lost
// or doubled. Run by ConnectionBrowserIT:
//   node connection.e2e.mjs <base-url> <screenshot-dir>
// Alice uses the app through a TCP proxy that black-holes her traffic (blackhole.mjs); Bob talks to
// the node directly. "Stored once" is checked in the archive through the REST API, not in a page.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { blackHoleProxy } from './blackhole.mjs';
import { contents, launch, openConversation, person as open, send, signUp, startDirect, waitForMessage } from './people.mjs';

const [base, shots] = process.argv.slice(2);
mkdirSync(shots, { recursive: true });
const suffix = Date.now().toString(36).slice(-5);
const password = 'correct horse battery';
const problems = [];
const proxy = await blackHoleProxy(Number(new URL(base).port));
const viaProxy = `http://127.0.0.1:${proxy.port}/`;
const browser = await launch();
const alice = await open(browser, problems, `alice-${suffix}`, { width: 1280, height: 800 }, viaProxy);
const bob = await open(browser, problems, `bob-${suffix}`, { width: 390, height: 844 }, base);

const seconds = (ms) => (ms / 1000).toFixed(1);
const banner = (p) => p.page.evaluate(() => {
  const b = document.getElementById('banner');
  return b.hidden ? null : b.dataset.status;
});
const waitForBanner = (p, statuses, timeout) => p.page.waitForFunction((s) => {
  const b = document.getElementById('banner');
  return !b.hidden && s.includes(b.dataset.status);
}, statuses, { timeout });
const waitForLive = (p, timeout = 30_000) => p.page.waitForFunction(() => document.getElementById('banner').hidden, null, { timeout });
const statusOf = (p, text) => p.page.evaluate((t) => [...document.querySelectorAll('#messages li.message')]
  .filter((li) => li.querySelector('.content')?.textContent === t).map((li) => li.dataset.status), text);
const unsentStored = (p) => p.page.evaluate((id) => Object.values(JSON.parse(localStorage.getItem(`parley.unsent.${id}`) ?? '{}'))
  .map((m) => m.content), p.userId);

/** How many times the archive holds `text` in the conversation, as Bob reads it through the REST API. */
async function storedCount(text) {
  const post = (path, body) => fetch(new URL(path, base), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const { accessToken } = await (await post('/api/v1/auth/login', { username: bob.name, password })).json();
  const id = alice.userId < bob.userId ? `dm:${alice.userId}:${bob.userId}` : `dm:${bob.userId}:${alice.userId}`;
  let count = 0;
  let after = -1;
  for (;;) {
    const page = await (await fetch(new URL(`/api/v1/conversations/${encodeURIComponent(id)}/messages?after=${after}&limit=200`, base),
      { headers: { Authorization: `Bearer ${accessToken}` } })).json();
    count += page.messages.filter((m) => m.content === text).length;
    if (page.newerAfter === null) return count;
    after = page.newerAfter;
  }
}

/** Bob sees `text` (no click by anyone), once; the archive has it once; Alice has it as sent and nothing left unsent. */
async function deliveredOnce(text) {
  await waitForMessage(bob, text, 30_000);
  await alice.page.waitForFunction((t) => [...document.querySelectorAll('#messages li.message[data-status="sent"] .content')]
    .some((n) => n.textContent === t), text, { timeout: 30_000 });
  assert.equal((await contents(bob)).filter((t) => t === text).length, 1, `Bob shows "${text}" once`);
  assert.deepEqual(await statusOf(alice, text), ['sent'], `Alice shows "${text}" once, sent`);
  assert.equal(await storedCount(text), 1, `"${text}" is stored once`);
  assert.deepEqual(await unsentStored(alice), [], 'nothing left unsent in storage');
}

try {
  await signUp(alice, password);
  await signUp(bob, password);
  await startDirect(alice, bob.name);
  await send(alice, 'Hello through the proxy');
  await bob.page.waitForSelector(`#conversation-list .conversation-title:text-is("${alice.name}")`);
  await openConversation(bob, alice.name);
  await waitForMessage(bob, 'Hello through the proxy');

  // 1. Default timings (ping every 20 s, 5 s for the answer), a quiet page: the network dies.
  await waitForLive(alice);
  proxy.hold('all');
  let start = Date.now();
  await waitForBanner(alice, ['reconnecting'], 40_000);
  const idleDetection = Date.now() - start;
  console.log(`FIGURE idle black hole → banner: ${seconds(idleDetection)} s (default timings)`);
  assert.ok(idleDetection < 30_000, `banner after ${idleDetection} ms`);
  await send(alice, 'written while the network is gone');
  assert.deepEqual(await statusOf(alice, 'written while the network is gone'), ['pending']);
  await alice.page.waitForSelector('#banner .banner-unsent:text-is(" · 1 message waiting to be sent")');
  await alice.page.screenshot({ path: `${shots}/connection-reconnecting-desktop.png` });
  start = Date.now();
  proxy.release();
  await deliveredOnce('written while the network is gone');
  console.log(`FIGURE network back → message at Bob: ${seconds(Date.now() - start)} s`);
  await waitForLive(alice);

  // 2. A message sent into the dead socket before anyone knows: the send itself asks for a pong.
  proxy.hold('all');
  start = Date.now();
  await send(alice, 'sent into the black hole');
  await waitForBanner(alice, ['reconnecting'], 15_000);
  const sendDetection = Date.now() - start;
  console.log(`FIGURE send into a black hole → banner: ${seconds(sendDetection)} s (default timings)`);
  assert.ok(sendDetection < 10_000, `banner after ${sendDetection} ms`);
  assert.deepEqual(await statusOf(alice, 'sent into the black hole'), ['pending']);
  // The held bytes (that send included) reach the server when the network comes back, and the
  // client sends it again after its resume with the same clientMsgId: stored once all the same.
  proxy.release();
  await deliveredOnce('sent into the black hole');
  await waitForLive(alice);

  // 3. Faster timings for the rest (the test-only override, docs/web-client.md).
  await alice.page.evaluate(() => localStorage.setItem('parley.net', JSON.stringify({ pingIntervalMs: 1000, pongTimeoutMs: 1000, connectTimeoutMs: 2000 })));
  await alice.page.reload();
  await openConversation(alice, bob.name);
  await waitForLive(alice);

  // An unsent message outlives a reload: WebSockets black-holed (the page itself still loads).
  proxy.hold('websocket');
  await send(alice, 'kept across a reload');
  await waitForBanner(alice, ['reconnecting'], 10_000);
  await alice.page.reload();
  await waitForBanner(alice, ['connecting'], 10_000);
  await openConversation(alice, bob.name);
  await alice.page.waitForSelector('#messages li.message[data-status="pending"] .content:text-is("kept across a reload")');
  assert.deepEqual(await unsentStored(alice), ['kept across a reload']);
  await alice.page.screenshot({ path: `${shots}/connection-connecting-desktop.png` });
  proxy.release();
  await deliveredOnce('kept across a reload');

  // The browser's own offline/online events: the banner at once, a reconnect at once.
  await waitForLive(alice);
  await alice.context.setOffline(true);
  await waitForBanner(alice, ['offline'], 5_000);
  // Offline long enough for the back-off to grow: the next try is more than 4 s away...
  await alice.page.waitForFunction(() => Number(/next try in (\d+) s/.exec(document.querySelector('#banner .banner-when')?.textContent)?.[1]) >= 5,
    null, { timeout: 30_000 });
  await alice.page.screenshot({ path: `${shots}/connection-offline-desktop.png` });
  // ...but the online event does not wait for it.
  start = Date.now();
  await alice.context.setOffline(false);
  await waitForLive(alice, 3_000);
  console.log(`FIGURE online event → live again: ${seconds(Date.now() - start)} s`);

  // 4. A burst past the send quota (50, then 20 a second): the excess is refused rate_limited and
  // goes out again by itself after retryAfterMs. Every message arrives, once.
  const burst = Array.from({ length: 80 }, (_, i) => `burst ${i + 1}`);
  await alice.page.evaluate((texts) => {
    const input = document.getElementById('composer-input');
    for (const text of texts) {
      input.value = text;
      input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
    }
  }, burst);
  await waitForMessage(bob, 'burst 80', 30_000);
  await alice.page.waitForFunction(() => !document.querySelector('#messages li.message:not([data-status="sent"])'), null, { timeout: 30_000 });
  const atBob = (await contents(bob)).filter((t) => t.startsWith('burst '));
  assert.equal(atBob.length, 80);
  assert.deepEqual([...atBob].sort(), [...burst].sort());
  assert.equal(await storedCount('burst 80'), 1);
  assert.deepEqual(await unsentStored(alice), []);

  // 5. A send refused for good (a control character, as pasted from a terminal): the reason and
  // Discard, no Retry; kept, across a reload too, until discarded.
  await send(alice, 'build output: \u0007 done');
  const refused = '#messages li.message[data-status="failed"]';
  await alice.page.waitForSelector(`${refused} button.discard`);
  assert.equal(await alice.page.locator(`${refused} button.retry`).count(), 0, 'no Retry for a send refused for good');
  assert.match(await alice.page.textContent(`${refused} .state`), /^Not sent: .+/);
  await alice.page.screenshot({ path: `${shots}/connection-send-refused-desktop.png` });
  await alice.page.reload();
  await openConversation(alice, bob.name);
  await alice.page.waitForSelector(`${refused} button.discard`);
  await alice.page.click(`${refused} button.discard`);
  await alice.page.waitForFunction(() => !document.querySelector('#messages li.message[data-status="failed"]'));
  assert.deepEqual(await unsentStored(alice), []);
  assert.equal(await alice.page.evaluate(() => document.activeElement?.id), 'composer-input');

  assert.equal(await banner(bob), null, 'Bob stayed live throughout');
  assert.deepEqual(problems, []);
  console.log('BROWSER TESTS PASSED');
} catch (error) {
  await alice.page.screenshot({ path: `${shots}/failure-connection-alice.png` }).catch(() => {});
  await bob.page.screenshot({ path: `${shots}/failure-connection-bob.png` }).catch(() => {});
  console.error(error);
  console.error(problems.join('\n'));
  process.exitCode = 1;
} finally {
  await browser.close();
  await proxy.close();
}
