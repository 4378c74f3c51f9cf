// A room chat page written like the FastAPI WebSocket demos (fixtures/room-chat.html), served from a
// site other than Parley, chats through Parley's /ws/{client_id}. Run by RoomChatBrowserIT:
//   node roomchat.e2e.mjs <parley-url> <page-url> <page-url-on-a-site-parley-does-not-allow> <screenshot-dir>
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { launch, person } from './people.mjs';

const [server, pageUrl, foreignPageUrl, shots] = process.argv.slice(2);
mkdirSync(shots, { recursive: true });
const suffix = Date.now().toString(36).slice(-5);
const problems = [];
const viewport = { width: 900, height: 380 };

async function register(name) {
  const post = (path, body) => fetch(`${server}/api/v1/auth/${path}`,
    { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const password = `correct horse ${name}`;
  const registered = await post('register', { username: name, password });
  assert.equal(registered.status, 201, await registered.text());
  const login = await post('login', { username: name, password });
  const body = await login.text();
  assert.equal(login.status, 200, body);
  return { name, token: JSON.parse(body).accessToken };
}

const chatUrl = (page, account, clientId) => `${page}?${new URLSearchParams(
  { server, token: account.token, username: account.name, client_id: clientId })}`;

async function chatter(browser, account, clientId) {
  const p = await person(browser, problems, account.name, viewport, chatUrl(pageUrl, account, clientId));
  await p.page.waitForFunction(() => document.getElementById('status').textContent === 'connected');
  return p;
}

// Types into the page's form as a person would; Enter submits it.
async function say(p, message, room = 'general', username = p.name) {
  await p.page.fill('#usernameText', username);
  await p.page.fill('#roomText', room);
  await p.page.fill('#messageText', message);
  await p.page.press('#messageText', 'Enter');
}

const lines = (p, room) => p.page.$$eval(`#messages li.message[data-room="${room}"] .text`, (nodes) => nodes.map((n) => n.textContent));

async function waitForLine(p, room, line) {
  await p.page.waitForFunction(([r, l]) => [...document.querySelectorAll('#messages li.message')]
    .some((n) => n.dataset.room === r && n.querySelector('.text').textContent === l), [room, line]);
}

const aliceAccount = await register(`alice-${suffix}`);
const bobAccount = await register(`bob-${suffix}`);
const browser = await launch();
let alice;
let bob;
try {
  // The same page on a site Parley does not allow is refused the upgrade (403), whatever its token.
  const stranger = await browser.newContext({ viewport });
  const strangerPage = await stranger.newPage();
  const console403 = new Promise((resolve) => strangerPage.on('console', (m) => { if (m.text().includes('403')) resolve(m.text()); }));
  await strangerPage.goto(chatUrl(foreignPageUrl, aliceAccount, 'elsewhere'));
  await strangerPage.waitForFunction(() => document.getElementById('status').textContent.startsWith('closed'), null, { timeout: 15_000 });
  assert.equal(await strangerPage.textContent('#status'), 'closed 1006');
  const refused = await Promise.race([console403, new Promise((resolve) => setTimeout(resolve, 5_000, null))]);
  assert.ok(refused, 'Chromium reports no 403 for the refused upgrade');
  await stranger.close();

  alice = await chatter(browser, aliceAccount, 'alice-laptop');
  bob = await chatter(browser, bobAccount, '7');

  // The default room: everyone there gets it, the sender too, stamped in ISO-8601.
  await say(alice, 'hello everyone');
  await waitForLine(bob, 'general', `${alice.name}: hello everyone`);
  await waitForLine(alice, 'general', `${alice.name}: hello everyone`);
  const stamp = await bob.page.$eval('#messages li.message[data-room="general"]', (n) => n.dataset.timestamp);
  assert.match(stamp, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
  assert.ok(Math.abs(Date.parse(stamp) - Date.now()) < 60_000, `timestamp ${stamp} is not now`);

  // Another room is joined on first use: Alice opens it, Bob's first message there joins him, and
  // only members get a room's messages (Alice's came before Bob joined, in the same room, so it
  // would have reached his page before his own).
  const lounge = `lounge-${suffix}`;
  await say(alice, 'anyone here?', lounge);
  await waitForLine(alice, lounge, `${alice.name}: anyone here?`);
  await say(bob, 'now I am', lounge);
  await waitForLine(alice, lounge, `${bob.name}: now I am`);
  await waitForLine(bob, lounge, `${bob.name}: now I am`);
  assert.deepEqual(await lines(bob, lounge), [`${bob.name}: now I am`]);
  assert.deepEqual(await lines(alice, lounge), [`${alice.name}: anyone here?`, `${bob.name}: now I am`]);

  // A frame in someone else's name: the page shows the error frame's code, nothing is sent, and
  // the connection goes on.
  await say(alice, 'I am bob', lounge, bob.name);
  await alice.page.waitForSelector('#messages li.error[data-code="username_mismatch"]');
  await say(alice, 'sorry, that was me', lounge);
  await waitForLine(bob, lounge, `${alice.name}: sorry, that was me`);
  await waitForLine(alice, lounge, `${alice.name}: sorry, that was me`);
  assert.deepEqual(await lines(bob, lounge), [`${bob.name}: now I am`, `${alice.name}: sorry, that was me`]);
  assert.equal(await alice.page.textContent('#status'), 'connected');
  assert.equal(await bob.page.locator('#messages li.error').count(), 0);

  await alice.page.screenshot({ path: `${shots}/compat-room-chat.png` });
  assert.deepEqual(problems, []);
  console.log('BROWSER TESTS PASSED');
} catch (error) {
  await alice?.page.screenshot({ path: `${shots}/failure-room-chat-alice.png` }).catch(() => {});
  await bob?.page.screenshot({ path: `${shots}/failure-room-chat-bob.png` }).catch(() => {});
  console.error(error);
  console.error(problems.join('\n'));
  process.exitCode = 1;
} finally {
  await browser.close();
}
