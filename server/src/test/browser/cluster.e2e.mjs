// Two people on different nodes of a cluster chat, see each other online, and Bob's chat survives
// the death of his node. Run by ClusterBrowserIT:
//   node cluster.e2e.mjs <alice-url> <bob-url> <screenshot-dir>
// Alice's URL is a node; Bob's is a front door (a proxy standing in for the load balancer). The
// script prints "KILL" when Bob's node must die and waits for a line on stdin: by then the node is
// dead and the front door leads to the survivor.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { contents, launch, openConversation, person, send, signUp, startDirect, waitForMessage } from './people.mjs';

const [aliceUrl, bobUrl, shots] = process.argv.slice(2);
mkdirSync(shots, { recursive: true });
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
const suffix = Date.now().toString(36).slice(-5);
const problems = [];
const browser = await launch();
const alice = await person(browser, problems, `alice-${suffix}`, { width: 1280, height: 800 }, aliceUrl);
const bob = await person(browser, problems, `bob-${suffix}`, { width: 390, height: 844 }, bobUrl);
try {
  await signUp(alice);
  await signUp(bob);

  // A direct message from node A to node B and back; each sees the other online.
  await startDirect(alice, bob.name);
  await send(alice, 'Hello from node A');
  await alice.page.waitForSelector('#messages li.message.mine[data-status="sent"] .content:text-is("Hello from node A")');
  await bob.page.waitForSelector(`#conversation-list .conversation-title:text-is("${alice.name}")`);
  await openConversation(bob, alice.name);
  await waitForMessage(bob, 'Hello from node A');
  await bob.page.waitForFunction(() => document.getElementById('thread-presence').textContent === 'online');
  await send(bob, 'Hi from node B');
  await waitForMessage(alice, 'Hi from node B');
  await alice.page.waitForFunction(() => document.getElementById('thread-presence').textContent === 'online');
  await bob.page.screenshot({ path: `${shots}/cluster-before-kill-phone.png` });

  // Bob's node is killed. His client reconnects through the front door to the survivor and
  // resumes: what Alice sent meanwhile appears once and in order, and he can answer.
  console.log('KILL');
  await lines.next();
  for (const n of [1, 2, 3]) {
    await send(alice, `after the kill ${n}`);
    await alice.page.waitForSelector(`#messages li.message[data-status="sent"] .content:text-is("after the kill ${n}")`);
  }
  await waitForMessage(bob, 'after the kill 3', 30_000);
  await bob.page.waitForFunction(() => document.getElementById('banner').hidden);
  const seen = (await contents(bob)).filter((t) => t.startsWith('after the kill'));
  assert.deepEqual(seen, ['after the kill 1', 'after the kill 2', 'after the kill 3']);
  await send(bob, 'Still here');
  await waitForMessage(alice, 'Still here');
  await bob.page.waitForSelector('#messages li.message.mine[data-status="sent"] .content:text-is("Still here")');
  await bob.page.screenshot({ path: `${shots}/cluster-after-kill-phone.png` });
  assert.deepEqual(problems, []);
  console.log('BROWSER TESTS PASSED');
} catch (error) {
  await alice.page.screenshot({ path: `${shots}/cluster-failure-alice.png` }).catch(() => {});
  await bob.page.screenshot({ path: `${shots}/cluster-failure-bob.png` }).catch(() => {});
  console.error(error);
  console.error(problems.join('\n'));
  process.exitCode = 1;
} finally {
  await browser.close();
  process.exit();
}
