// Edit, delete, reactions, replies and search in the web client, between two people in the
// system's Chromium. Run by MessageActionsBrowserIT:
//   node message-actions.e2e.mjs <base-url> <screenshot-dir>
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { launch, person, signUp, startDirect, unreadOf, waitForMessage } from './people.mjs';

const [base, shots] = process.argv.slice(2);
mkdirSync(shots, { recursive: true });
const suffix = Date.now().toString(36).slice(-5);
const problems = [];
const DESKTOP = { width: 1280, height: 800 };
const FILLERS = 60; // more than a history page (50): the original is not loaded after a reload

const browser = await launch();

/** Every frame the page receives, parsed, and every resume it sends. */
function record(p) {
  p.received = [];
  p.resumes = [];
  p.page.on('websocket', (ws) => {
    ws.on('framereceived', ({ payload }) => { try { p.received.push(JSON.parse(payload)); } catch { /* not JSON */ } });
    ws.on('framesent', ({ payload }) => {
      const frame = JSON.parse(payload);
      if (frame.type === 'resume') p.resumes.push(frame);
    });
  });
}

const row = (p, text) => p.page.locator('#messages li.message', { has: p.page.locator(`.content:text-is("${text}")`) });
const rowById = (p, id) => p.page.locator(`#messages li.message[data-server-msg-id="${id}"]`);
/** The serverMsgId of a message, once acked (a message being sent has none yet). */
async function idOf(p, text) {
  const acked = p.page.locator('#messages li.message[data-server-msg-id]', { has: p.page.locator(`.content:text-is("${text}")`) });
  await acked.waitFor();
  return acked.getAttribute('data-server-msg-id');
}
/** Scrolls the thread to one end until a message with this text is rendered (the DOM holds a window of the thread). */
async function scrollUntil(p, text, where) {
  await p.page.waitForFunction(([t, down]) => {
    const list = document.getElementById('messages');
    list.scrollTop = down ? list.scrollHeight : 0;
    return [...list.querySelectorAll('li.message .content')].some((n) => n.textContent === t);
  }, [text, where === 'down']);
}
const token = (p) => p.page.evaluate(() => localStorage.getItem('parley.token'));

/** Hovers a message and presses one of its toolbar's buttons. */
async function tool(p, target, name) {
  await target.scrollIntoViewIfNeeded();
  await target.hover();
  await target.locator(`.message-tools button.${name}`).click();
}

async function reaction(p, target, emoji) {
  const button = target.locator(`.reaction[data-emoji="${emoji}"]`);
  return (await button.count()) ? { count: Number((await button.textContent()).trim().split(' ').pop()), title: await button.getAttribute('title'), pressed: await button.getAttribute('aria-pressed') } : null;
}

async function eventually(what, condition, ms = 10_000) {
  for (const end = Date.now() + ms; !(await condition());) {
    if (Date.now() > end) throw new Error(`still not: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const alice = await person(browser, problems, `alice-${suffix}`, DESKTOP, base);
const bob = await person(browser, problems, `bob-${suffix}`, DESKTOP, base);
record(alice);
record(bob);
try {
  await signUp(alice);
  await signUp(bob);
  await startDirect(alice, bob.name);
  await alice.page.fill('#composer-input', 'the original plan: ship on friday');
  await alice.page.press('#composer-input', 'Enter');
  await waitForMessage(alice, 'the original plan: ship on friday');
  const original = await idOf(alice, 'the original plan: ship on friday');
  const dmId = await alice.page.evaluate(() => decodeURIComponent(location.hash.slice(4)));
  // Enough after it that a reload loads only later ones; one of them is what search finds later.
  const aliceToken = await token(alice);
  for (let i = 0; i < FILLERS; i++) {
    const content = i === 3 ? 'the kumquat order is in' : `filler ${i}`;
    const answer = await fetch(new URL('/api/v1/messages', base), {
      method: 'POST', headers: { Authorization: `Bearer ${aliceToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ clientMsgId: crypto.randomUUID(), to: bob.name, content }),
    });
    assert.equal(answer.status, 202, await answer.text());
  }
  await bob.page.click(`#conversation-list button.conversation:has(.conversation-title:text-is("${alice.name}"))`);
  await waitForMessage(bob, `filler ${FILLERS - 1}`);

  // Bob replies to the original, with its quote above the composer.
  await tool(bob, row(bob, 'the original plan: ship on friday'), 'reply');
  await bob.page.waitForSelector('#reply-bar:not([hidden])');
  assert.equal(await bob.page.textContent('#reply-to-quote'), 'the original plan: ship on friday');
  assert.equal(await bob.page.evaluate(() => document.activeElement.id), 'composer-input', 'the reply takes the reader to the composer');
  await bob.page.screenshot({ path: `${shots}/reply-desktop.png` });
  await bob.page.fill('#composer-input', 'sounds good');
  await bob.page.press('#composer-input', 'Enter');
  await bob.page.waitForSelector('#reply-bar[hidden]', { state: 'attached' });
  await waitForMessage(alice, 'sounds good');
  const reply = row(alice, 'sounds good');
  assert.equal(await reply.locator('.reply-quote .quote-text').textContent(), 'the original plan: ship on friday');
  assert.equal(await reply.locator('.reply-quote .quote-sender').textContent(), alice.name);

  // Clicking the quote after a reload (the original is not loaded then) loads older history and shows it highlighted.
  await alice.page.reload();
  await waitForMessage(alice, 'sounds good');
  assert.equal(await row(alice, 'the original plan: ship on friday').count(), 0, 'the original is further back than the first page');
  await row(alice, 'sounds good').locator('.reply-quote').click();
  await alice.page.waitForSelector(`#messages li.message.highlight[data-server-msg-id="${original}"]`);
  assert.equal(await rowById(alice, original).evaluate((n) => {
    const list = document.getElementById('messages').getBoundingClientRect();
    const box = n.getBoundingClientRect();
    return box.top >= list.top && box.bottom <= list.bottom && document.activeElement === n;
  }), true, 'the original is on screen, and has the focus');

  // Alice edits it: Bob sees the new text and "(edited)", and his reply's quote follows.
  await tool(alice, rowById(alice, original), 'edit');
  const editor = rowById(alice, original).locator('.editor textarea');
  await alice.page.waitForFunction(() => document.activeElement?.matches('.editor textarea')); // the editor takes the focus
  await editor.fill('the original plan: ship on monday');
  await alice.page.screenshot({ path: `${shots}/edit-desktop.png` });
  await editor.press('Enter');
  // Bob's window no longer holds the original (his reply took him to the end): his quote takes him there, without loading.
  await row(bob, 'sounds good').locator('.reply-quote').click();
  await bob.page.waitForSelector(`#messages li.message.highlight[data-server-msg-id="${original}"]`);
  await waitForMessage(bob, 'the original plan: ship on monday');
  assert.equal(await rowById(bob, original).locator('.edited').textContent(), '(edited)');
  await scrollUntil(bob, 'sounds good', 'down');
  assert.equal(await row(bob, 'sounds good').locator('.quote-text').textContent(), 'the original plan: ship on friday', 'a quote is of the text replied to');
  await eventually('alice sees it edited', async () => (await rowById(alice, original).locator('.edited').textContent()) === '(edited)');
  // Escape cancels an edit.
  await tool(alice, rowById(alice, original), 'edit');
  await editor.fill('never sent');
  await editor.press('Escape');
  await rowById(alice, original).locator('.content:text-is("the original plan: ship on monday")').waitFor();
  // Edit and Delete are only on one's own messages.
  await row(bob, 'sounds good').hover();
  assert.equal(await row(bob, 'sounds good').locator('.message-tools .edit').isVisible(), true);
  await rowById(bob, original).hover();
  assert.equal(await rowById(bob, original).locator('.message-tools .edit').isVisible(), false, 'no Edit on someone else’s message');
  assert.equal(await rowById(bob, original).locator('.message-tools .delete').isVisible(), false);

  // Bob reacts: Alice sees one, and who.
  await tool(bob, rowById(bob, original), 'react');
  await rowById(bob, original).locator('.picker button[data-emoji="👍"]').click();
  await eventually('alice sees bob’s reaction', async () => (await reaction(alice, rowById(alice, original), '👍'))?.count === 1);
  assert.deepEqual(await reaction(alice, rowById(alice, original), '👍'), { count: 1, title: bob.name, pressed: 'false' });
  // Alice adds hers by clicking the count: two, hers highlighted.
  await rowById(alice, original).locator('.reaction[data-emoji="👍"]').click();
  await eventually('two reactions', async () => (await reaction(alice, rowById(alice, original), '👍'))?.count === 2);
  assert.deepEqual(await reaction(alice, rowById(alice, original), '👍'), { count: 2, title: `${bob.name}, you`, pressed: 'true' });
  await eventually('bob sees two', async () => (await reaction(bob, rowById(bob, original), '👍'))?.count === 2);
  // The keyboard reaches the actions too: Tab to "⋯", Enter, the toolbar; Escape gives the focus back.
  await rowById(alice, original).locator('.more').focus();
  await alice.page.keyboard.press('Enter');
  assert.equal(await alice.page.evaluate(() => document.activeElement.matches('.message-tools .react')), true);
  await alice.page.keyboard.press('Enter');
  assert.equal(await alice.page.evaluate(() => document.activeElement.dataset.emoji), '👍');
  await alice.page.screenshot({ path: `${shots}/message-actions-desktop.png` });
  await alice.page.keyboard.press('Escape');
  assert.equal(await alice.page.evaluate(() => document.activeElement.classList.contains('more')), true);
  // Bob takes his back.
  await rowById(bob, original).locator('.reaction[data-emoji="👍"]').click();
  await eventually('one reaction left', async () => (await reaction(alice, rowById(alice, original), '👍'))?.count === 1);
  assert.deepEqual(await reaction(alice, rowById(alice, original), '👍'), { count: 1, title: 'you', pressed: 'true' });

  // Alice deletes a message, after confirming: Bob sees the tombstone. Changes are no messages: nothing unread for Bob.
  await alice.page.fill('#composer-input', 'oops, wrong chat');
  await alice.page.press('#composer-input', 'Enter');
  await waitForMessage(bob, 'oops, wrong chat');
  const oops = await idOf(alice, 'oops, wrong chat');
  await bob.page.evaluate(() => document.getElementById('back-button').click()); // Bob looks elsewhere
  await tool(alice, rowById(alice, oops), 'delete');
  await alice.page.waitForSelector('#confirm-dialog[open]');
  assert.equal(await alice.page.textContent('#confirm-title'), 'Delete this message?');
  await alice.page.click('#confirm-ok');
  await rowById(alice, oops).locator('.tombstone').waitFor();
  await eventually('bob got the delete', async () => bob.received.some((f) => f.type === 'message.delete' && f.data.serverMsgId === oops));
  assert.equal(await unreadOf(bob, alice.name), 0, 'a change is not an unread message');
  await bob.page.click(`#conversation-list button.conversation:has(.conversation-title:text-is("${alice.name}"))`);
  await rowById(bob, oops).locator('.tombstone:text-is("message deleted")').waitFor();
  assert.equal(await rowById(bob, oops).locator('.content').count(), 0);
  assert.equal(await rowById(bob, oops).locator('.more').count(), 0, 'no actions on a deleted message');

  // The resume position counts changes too: after a reconnect Bob resumes from the newest seq he got (a change's).
  const seqs = bob.received.filter((f) => f.data?.conversationId === dmId && Number.isInteger(f.data?.seq) && f.type !== 'message.ack').map((f) => f.data.seq);
  const newest = Math.max(...seqs);
  assert.ok(bob.received.some((f) => f.type === 'message.delete' && f.data.seq === newest), 'the newest seq Bob got is the delete');
  const resumes = bob.resumes.length;
  await bob.context.setOffline(true);
  await bob.page.waitForSelector('#banner:not([hidden])');
  await bob.context.setOffline(false);
  await eventually('bob resumed', async () => bob.resumes.length > resumes);
  assert.equal(bob.resumes.at(-1).positions[dmId], newest);
  await bob.page.waitForFunction(() => document.getElementById('banner').hidden);

  // Search finds a message further back than what Bob has loaded; the result opens it, highlighted.
  await bob.page.reload();
  await bob.page.waitForSelector('#messages li.message');
  await bob.page.fill('#search-input', 'kumquat');
  await bob.page.press('#search-input', 'Enter');
  const hit = bob.page.locator('#search-list button.search-hit', { hasText: 'kumquat' });
  await hit.waitFor();
  assert.match(await hit.textContent(), new RegExp(`${alice.name} in ${alice.name}`));
  assert.equal(await hit.locator('mark').textContent(), 'kumquat');
  await bob.page.screenshot({ path: `${shots}/search-desktop.png` });
  await hit.click();
  await bob.page.waitForSelector('#messages li.message.highlight .content:text-is("the kumquat order is in")');
  assert.equal(await bob.page.evaluate(() => decodeURIComponent(location.hash.slice(4))), dmId);
  // Scrolling down from there fills in what lies between the hit and the newest messages.
  await bob.page.locator('#messages').evaluate((n) => { n.scrollTop = n.scrollHeight; });
  await waitForMessage(bob, 'filler 8', 20_000);

  // A reload shows the current state, from history: edited text, the tombstone, reactions, the quote.
  await alice.page.reload();
  await rowById(alice, oops).locator('.tombstone').waitFor();
  assert.equal(await row(alice, 'sounds good').locator('.quote-text').textContent(), 'the original plan: ship on friday');
  await row(alice, 'sounds good').locator('.reply-quote').click();
  await rowById(alice, original).locator('.content:text-is("the original plan: ship on monday")').waitFor();
  assert.equal(await rowById(alice, original).locator('.edited').textContent(), '(edited)');
  assert.deepEqual(await reaction(alice, rowById(alice, original), '👍'), { count: 1, title: 'you', pressed: 'true' });

  assert.deepEqual(problems, []);
  console.log('BROWSER TESTS PASSED');
} catch (e) {
  for (const p of [alice, bob]) await p.page.screenshot({ path: `${shots}/message-actions-failure-${p.name.split('-')[0]}.png` }).catch(() => {});
  console.error(e);
  console.error(problems.join('\n'));
  process.exitCode = 1;
} finally {
  await browser.close();
}
